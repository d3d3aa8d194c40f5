package io.parley.rtm;

/** Callee-side call invitation; state values in {@link RtmStatusCode.RemoteInvitationState}. */
public interface RemoteInvitation {
    String getCallerId();

    String getContent();

    String getChannelId();

    void setResponse(String response);

    String getResponse();

    int getState();
}
