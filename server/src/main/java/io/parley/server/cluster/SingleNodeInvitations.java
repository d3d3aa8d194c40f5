package io.parley.server.cluster;

import io.parley.protocol.v1.ServerFrame;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** {@link ClusterInvitations} of a node that is the whole cluster: every invitation and callee is here. */
public final class SingleNodeInvitations implements ClusterInvitations {
    private static final CompletableFuture<Boolean> NO = CompletableFuture.completedFuture(false);

    @Override
    public void inbound(Inbound in) {
    }

    @Override
    public String newId(String random) {
        return random;
    }

    @Override
    public String ownerElsewhere(String id) {
        return null;
    }

    @Override
    public Duration redeliveryInterval() {
        return Duration.ZERO;
    }

    @Override
    public CompletableFuture<Boolean> toUser(String appId, String userId, ServerFrame frame) {
        return NO;
    }

    @Override
    public CompletableFuture<Boolean> isOnlineElsewhere(String appId, String userId) {
        return NO;
    }

    @Override
    public void forward(String ownerNode, String appId, String calleeId, int requestId, String invitationId,
                        Action action, String response) {
        throw new IllegalStateException("no invitation is owned by another node");
    }
}
