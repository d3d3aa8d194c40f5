package io.parley.rtm;

import java.util.Map;

/**
 * Client-level callbacks. All methods run on the client's callback executor — never on an I/O
 * thread — one at a time per client, in the order the events happened. An exception thrown by a
 * callback is caught and logged; it does not affect the client.
 *
 * <p>The five core callbacks are abstract as in RTM 1.x; callbacks added after 1.0 and the
 * deprecated media callbacks are {@code default} no-ops, so code written against any 1.x
 * generation compiles.
 */
public interface RtmClientListener {
    /** {@link RtmStatusCode.ConnectionState} and {@link RtmStatusCode.ConnectionChangeReason}. */
    void onConnectionStateChanged(int state, int reason);

    /** A peer message (including offline-cached ones, see {@link RtmMessage#isOfflineMessage()}). */
    void onMessageReceived(RtmMessage message, String peerId);

    /** The token expired (while connected: the client then goes ABORTED with reason TOKEN_EXPIRED). */
    void onTokenExpired();

    /** Subscribed peers' states, {@link PeerOnlineState} values. */
    void onPeersOnlineStatusChanged(Map<String, Integer> peersStatus);

    /** The token expires in 30 s; call {@link RtmClient#renewToken}. Added in 1.5. */
    default void onTokenPrivilegeWillExpire() {
    }

    @Deprecated
    default void onImageMessageReceivedFromPeer(RtmImageMessage message, String peerId) {
    }

    @Deprecated
    default void onFileMessageReceivedFromPeer(RtmFileMessage message, String peerId) {
    }

    @Deprecated
    default void onMediaUploadingProgress(RtmMediaOperationProgress progress, long requestId) {
    }

    @Deprecated
    default void onMediaDownloadingProgress(RtmMediaOperationProgress progress, long requestId) {
    }
}
