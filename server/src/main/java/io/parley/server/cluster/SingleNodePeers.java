package io.parley.server.cluster;

import io.parley.protocol.peer.EncodedBody;
import io.parley.protocol.v1.ErrorCode;
import java.util.concurrent.CompletableFuture;

/** {@link ClusterPeers} of a node that is the whole cluster: nobody is logged in elsewhere. */
public final class SingleNodePeers implements ClusterPeers {
    private static final CompletableFuture<String> NOWHERE = CompletableFuture.completedFuture(null);

    @Override
    public void inbound(Inbound in) {
    }

    @Override
    public CompletableFuture<String> locate(String appId, String userId) {
        return NOWHERE;
    }

    @Override
    public CompletableFuture<Boolean> deliver(String nodeId, long originId, String appId, String toUserId,
                                              String fromUserId, EncodedBody body, long serverReceivedTs,
                                              boolean offlineAllowed) {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public void outcome(String originNode, long originId, ErrorCode code, String detail) {
    }

    @Override
    public void notHere(String originNode, long originId) {
    }

    @Override
    public void stored(String appId, String userId) {
    }

    @Override
    public void forget(String appId, String userId) {
    }
}
