package io.parley.server.cluster;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where users of other nodes were last found (user → node), so a peer message to them costs no
 * directory lookup. Filled by lookups; a user's entry goes when any node announces a presence
 * change for that user (every login, logout and reachability change is announced to all nodes),
 * when its node stops heartbeating, and when that node answers that the user is not there. A
 * route is never trusted past such a miss: the sender looks the user up again (see
 * {@code PeerMessagingService}). Messages to a user whose lookup is under way wait for that one
 * lookup rather than each starting its own. Bounded in size, and entries expire, as a last resort.
 */
final class RouteCache {
    private final AsyncCache<String, String> routes;

    RouteCache(long maxEntries, Duration ttl) {
        this.routes = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).buildAsync();
    }

    private static String key(String appId, String userId) {
        return appId + '\0' + userId;
    }

    /**
     * The node the user was last found on, or {@code lookup}'s answer (one lookup at a time per
     * user); a null answer (not on another node) or a failed lookup is not kept.
     */
    CompletableFuture<String> get(String appId, String userId, Supplier<CompletableFuture<String>> lookup) {
        return routes.get(key(appId, userId), (k, executor) -> lookup.get());
    }

    /** The node last found for the user if known now, else null (for tests). */
    String peek(String appId, String userId) {
        CompletableFuture<String> f = routes.getIfPresent(key(appId, userId));
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    void forget(String appId, String userId) {
        routes.synchronous().invalidate(key(appId, userId));
    }

    /** Drops every route to {@code nodeId} (it stopped heartbeating). */
    void forgetNode(String nodeId) {
        routes.synchronous().asMap().values().removeIf(nodeId::equals);
    }

    /** Drops every route (announcements may have been missed). */
    void forgetAll() {
        routes.synchronous().invalidateAll();
    }

    long size() {
        return routes.synchronous().estimatedSize();
    }
}
