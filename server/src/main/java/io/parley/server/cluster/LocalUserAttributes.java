package io.parley.server.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ClusterUserAttributes} in memory, judged against a {@link UserDirectory}: the contract's reference. */
public final class LocalUserAttributes implements ClusterUserAttributes {
    private record Saved(String sessionId, Map<String, String> attributes) {
    }

    private final UserDirectory directory;
    private final Map<String, Saved> byUser = new ConcurrentHashMap<>();

    public LocalUserAttributes(UserDirectory directory) {
        this.directory = directory;
    }

    private static String key(String appId, String userId) {
        return appId + '\0' + userId;
    }

    @Override
    public void saved(String appId, String userId, String sessionId, Map<String, String> attributes) {
        byUser.put(key(appId, userId), new Saved(sessionId, new LinkedHashMap<>(attributes)));
    }

    @Override
    public void cleared(String appId, String userId, String sessionId) {
        byUser.computeIfPresent(key(appId, userId), (k, s) -> s.sessionId().equals(sessionId) ? null : s);
    }

    @Override
    public CompletableFuture<Map<String, String>> read(String appId, String userId) {
        return directory.locate(appId, userId).thenApply(owner -> {
            if (owner == null) {
                return null;
            }
            Saved s = byUser.get(key(appId, userId));
            return s != null && s.sessionId().equals(owner.sessionId()) ? new LinkedHashMap<>(s.attributes())
                    : new LinkedHashMap<>();
        });
    }
}
