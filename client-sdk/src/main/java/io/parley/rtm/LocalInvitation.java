package io.parley.rtm;

/** Caller-side call invitation; state values in {@link RtmStatusCode.LocalInvitationState}. */
public interface LocalInvitation {
    String getCalleeId();

    void setContent(String content);

    String getContent();

    void setChannelId(String channelId);

    String getChannelId();

    String getResponse();

    int getState();
}
