package io.parley.server.cluster;

import io.parley.protocol.v1.PeerOnlineState;
import java.util.concurrent.CompletableFuture;

/** {@link ClusterPresence} of a node that is the whole cluster: a user not here is offline. */
public final class SingleNodePresence implements ClusterPresence {
    private static final CompletableFuture<PeerOnlineState> OFFLINE =
            CompletableFuture.completedFuture(PeerOnlineState.PEER_STATE_OFFLINE);

    @Override
    public void inbound(Inbound in) {
    }

    @Override
    public CompletableFuture<PeerOnlineState> stateOf(String appId, String userId) {
        return OFFLINE;
    }
}
