package io.parley.rtm.internal;

import io.parley.rtm.RemoteInvitation;
import io.parley.rtm.RtmStatusCode.RemoteInvitationState;

/** Callee-side invitation, created when the server delivers one. */
final class RemoteInvitationImpl implements RemoteInvitation {
    private final String id;
    private final String callerId;
    private final String content;
    private final String channelId;
    private final Object owner;
    private volatile String response = "";
    private volatile int state = RemoteInvitationState.REMOTE_INVITATION_STATE_INVITATION_RECEIVED;

    RemoteInvitationImpl(String id, String callerId, String content, String channelId, Object owner) {
        this.id = id;
        this.callerId = callerId;
        this.content = content;
        this.channelId = channelId;
        this.owner = owner;
    }

    String id() {
        return id;
    }

    Object owner() {
        return owner;
    }

    @Override
    public String getCallerId() {
        return callerId;
    }

    @Override
    public String getContent() {
        return content;
    }

    @Override
    public String getChannelId() {
        return channelId;
    }

    @Override
    public void setResponse(String response) {
        this.response = response == null ? "" : response;
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

    boolean terminal() {
        int s = state;
        return s == RemoteInvitationState.REMOTE_INVITATION_STATE_REFUSED || s == RemoteInvitationState.REMOTE_INVITATION_STATE_ACCEPTED
                || s == RemoteInvitationState.REMOTE_INVITATION_STATE_CANCELED || s == RemoteInvitationState.REMOTE_INVITATION_STATE_FAILURE;
    }
}
