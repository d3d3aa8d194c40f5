package io.parley.server.cluster;

import io.parley.protocol.v1.DisconnectCode;
import java.util.concurrent.CompletableFuture;

/** {@link ClusterSessions} of a node that is the whole cluster: its session registry decides alone. */
public final class SingleNodeSessions implements ClusterSessions {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Override
    public void inbound(Inbound in) {
    }

    @Override
    public CompletableFuture<Void> claim(String appId, String userId, String sessionId) {
        return DONE;
    }

    @Override
    public void reclaim(String appId, String userId, String sessionId, boolean unreachable) {
    }

    @Override
    public void release(String appId, String userId, String sessionId) {
    }

    @Override
    public void reachable(String appId, String userId, String sessionId, boolean reachable) {
    }

    @Override
    public CompletableFuture<Boolean> kickElsewhere(String appId, String userId, DisconnectCode code) {
        return CompletableFuture.completedFuture(false);
    }
}
