package io.parley.rtm;

/** Call invitations of one client ({@link RtmClient#getRtmCallManager()}). */
public abstract class RtmCallManager {
    public abstract void setEventListener(RtmCallEventListener listener);

    /** A new invitation in state IDLE, or null if the client was released. */
    public abstract LocalInvitation createLocalInvitation(String calleeId);

    public abstract void sendLocalInvitation(LocalInvitation invitation, ResultCallback<Void> callback);

    public abstract void acceptRemoteInvitation(RemoteInvitation invitation, ResultCallback<Void> callback);

    public abstract void refuseRemoteInvitation(RemoteInvitation invitation, ResultCallback<Void> callback);

    public abstract void cancelLocalInvitation(LocalInvitation invitation, ResultCallback<Void> callback);
}
