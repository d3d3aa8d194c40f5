package io.parley.server.cluster;

import java.util.concurrent.CompletableFuture;

/** {@link ClusterBans} of a node that is the whole cluster: its own ban list is every ban. */
public final class SingleNodeBans implements ClusterBans {
    @Override
    public void inbound(Inbound in) {
    }

    @Override
    public CompletableFuture<Void> announce(String appId, String userId, long untilMillis) {
        return CompletableFuture.completedFuture(null);
    }
}
