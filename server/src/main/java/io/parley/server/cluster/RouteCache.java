package io.parley.server.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Where users of other nodes were last found (user → node), so a peer message to them costs no
 * directory lookup. Filled by lookups; a user's entry goes when any node announces a presence
 * change for that user (every login, logout and reachability change is announced to all nodes),
 * when its node stops heartbeating, and when that node answers that the user is not there. A
 * route is never trusted past such a miss: the sender looks the user up again (see
 * {@code PeerMessagingService}). Bounded in size, and entries expire, as a last resort.
 */
final class RouteCache {
    private final Cache<String, String> routes;

    RouteCache(long maxEntries, Duration ttl) {
        this.routes = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
    }

    private static String key(String appId, String userId) {
        return appId + '\0' + userId;
    }

    /** The node last found for the user, or null. */
    String get(String appId, String userId) {
        return routes.getIfPresent(key(appId, userId));
    }

    void put(String appId, String userId, String nodeId) {
        routes.put(key(appId, userId), nodeId);
    }

    void forget(String appId, String userId) {
        routes.invalidate(key(appId, userId));
    }

    /** Drops every route to {@code nodeId} (it stopped heartbeating). */
    void forgetNode(String nodeId) {
        routes.asMap().values().removeIf(nodeId::equals);
    }

    long size() {
        return routes.estimatedSize();
    }
}
