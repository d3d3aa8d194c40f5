package io.parley.rtm;

/** Call-invitation callbacks, on the client's callback executor, in event order. */
public interface RtmCallEventListener {
    void onLocalInvitationReceivedByPeer(LocalInvitation localInvitation);

    void onLocalInvitationAccepted(LocalInvitation localInvitation, String response);

    void onLocalInvitationRefused(LocalInvitation localInvitation, String response);

    void onLocalInvitationCanceled(LocalInvitation localInvitation);

    void onLocalInvitationFailure(LocalInvitation localInvitation, int errorCode);

    void onRemoteInvitationReceived(RemoteInvitation remoteInvitation);

    void onRemoteInvitationAccepted(RemoteInvitation remoteInvitation);

    void onRemoteInvitationRefused(RemoteInvitation remoteInvitation);

    void onRemoteInvitationCanceled(RemoteInvitation remoteInvitation);

    void onRemoteInvitationFailure(RemoteInvitation remoteInvitation, int errorCode);
}
