package io.parley.server.cluster;

import io.parley.protocol.peer.EncodedBody;
import io.parley.protocol.v1.ErrorCode;
import java.util.concurrent.CompletableFuture;

/**
 * Messaging's cluster port: peer messages to users logged in on other nodes. On a single node
 * ({@link SingleNodePeers}) no user is elsewhere; in cluster mode {@link PeerRelay} carries them.
 */
public interface ClusterPeers {
    /** What other nodes hand to this one. */
    interface Inbound {
        /** A message another node routed here for a user of this node; answered with exactly one outcome or notHere. */
        void deliverFromNode(String originNode, long originId, String appId, String toUserId, String fromUserId,
                             byte[] encodedBody, long serverReceivedTs, boolean offlineAllowed);

        /** The outcome of a message this node handed over. */
        void remoteOutcome(long originId, ErrorCode code, String detail);

        /** The node this one handed {@code originId} to says its recipient is not there (a stale route). */
        void notHere(long originId);

        /** Another node stored an offline message for a user of this node. */
        void storedElsewhere(String appId, String userId);
    }

    /** Where messages from other nodes go; set once, by messaging's constructor. */
    void inbound(Inbound in);

    /** The live node, other than this one, where the user is logged in; null if none. Fails if the directory is unreachable. */
    CompletableFuture<String> locate(String appId, String userId);

    /** Hands a message to {@code nodeId}; completes false if that node is not listening any more. */
    CompletableFuture<Boolean> deliver(String nodeId, long originId, String appId, String toUserId, String fromUserId,
                                       EncodedBody body, long serverReceivedTs, boolean offlineAllowed);

    /** Reports the outcome of a message another node handed over (exactly once per message). */
    void outcome(String originNode, long originId, ErrorCode code, String detail);

    /**
     * Answers a message another node handed over for a user who is not logged in here: the origin's
     * route was stale, and it looks the user up again (instead of an outcome).
     */
    void notHere(String originNode, long originId);

    /**
     * A message was just stored for a user not logged in here: if the user is logged in on another
     * node (whose login may have read the store before this message was in it), that node pushes it.
     */
    void stored(String appId, String userId);

    /** Forgets where the user was last found (a node said the user is not there). */
    void forget(String appId, String userId);
}
