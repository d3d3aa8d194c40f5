package io.parley.server.cluster;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** {@link UserDirectory} in memory: in-process clusters in tests, and the reference for the contract. */
public final class LocalUserDirectory implements UserDirectory {
    private final Map<String, Location> byUser = new ConcurrentHashMap<>();

    private static String key(String appId, String userId) {
        return appId + '\0' + userId;
    }

    @Override
    public CompletableFuture<Location> claim(String appId, String userId, Location me) {
        return CompletableFuture.completedFuture(byUser.put(key(appId, userId), me));
    }

    @Override
    public CompletableFuture<Void> release(String appId, String userId, String sessionId) {
        byUser.computeIfPresent(key(appId, userId), (k, l) -> l.sessionId().equals(sessionId) ? null : l);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> reachable(String appId, String userId, String sessionId, boolean reachable) {
        byUser.computeIfPresent(key(appId, userId), (k, l) -> l.sessionId().equals(sessionId)
                ? new Location(l.nodeId(), sessionId, !reachable) : l);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Location> locate(String appId, String userId) {
        return CompletableFuture.completedFuture(byUser.get(key(appId, userId)));
    }
}
