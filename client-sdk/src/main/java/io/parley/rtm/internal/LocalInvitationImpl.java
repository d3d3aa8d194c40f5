package io.parley.rtm.internal;

import io.parley.rtm.LocalInvitation;
import io.parley.rtm.RtmStatusCode.LocalInvitationState;

/** Caller-side invitation created by this SDK; its state follows the server's events. */
final class LocalInvitationImpl implements LocalInvitation {
    private final String calleeId;
    private final Object owner;
    private volatile String content = "";
    private volatile String channelId = "";
    private volatile String response = "";
    private volatile int state = LocalInvitationState.LOCAL_INVITATION_STATE_IDLE;
    private volatile String id;

    LocalInvitationImpl(String calleeId, Object owner) {
        this.calleeId = calleeId;
        this.owner = owner;
    }

    Object owner() {
        return owner;
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

    void state(int s) {
        state = s;
    }

    void response(String r) {
        response = r;
    }

    String id() {
        return id;
    }

    void id(String v) {
        id = v;
    }

    boolean terminal() {
        int s = state;
        return s >= LocalInvitationState.LOCAL_INVITATION_STATE_ACCEPTED_BY_REMOTE;
    }
}
