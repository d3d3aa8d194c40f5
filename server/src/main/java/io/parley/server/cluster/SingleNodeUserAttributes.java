package io.parley.server.cluster;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link ClusterUserAttributes} of a node that is the whole cluster: a user not here is not online. */
public final class SingleNodeUserAttributes implements ClusterUserAttributes {
    @Override
    public void saved(String appId, String userId, String sessionId, Map<String, String> attributes) {
    }

    @Override
    public void cleared(String appId, String userId, String sessionId) {
    }

    @Override
    public CompletableFuture<Map<String, String>> read(String appId, String userId) {
        return CompletableFuture.completedFuture(null);
    }
}
