package io.parley.server.messaging;

import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.peer.EncodedBody;
import java.util.concurrent.CompletableFuture;

/** Peer messages to users on other nodes (cluster mode); absent on a single node. */
public interface RemotePeers {
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
