package io.parley.rtm.internal;

import io.parley.rtm.LocalInvitation;
import io.parley.rtm.RtmStatusCode.LocalInvitationState;

/** Caller-side invitation object created by this SDK. */
final class LocalInvitationImpl implements LocalInvitation {
    private final String calleeId;
    private volatile String content = "";
    private volatile String channelId = "";
    private volatile String response = "";
    private volatile int state = LocalInvitationState.LOCAL_INVITATION_STATE_IDLE;

    LocalInvitationImpl(String calleeId) {
        this.calleeId = calleeId;
    }

    @Override
    public String getCalleeId() {
        return calleeId;
    }

    @Override
    public void setContent(String content) {
        this.content = content == null ? "" : content;
    }

    @Override
    public String getContent() {
        return content;
    }

    @Override
    public void setChannelId(String channelId) {
        this.channelId = channelId == null ? "" : channelId;
    }

    @Override
    public String getChannelId() {
        return channelId;
    }

    @Override
    public String getResponse() {
        return response;
    }

    @Override
    public int getState() {
        return state;
    }
}
