package io.parley.server.cluster;

import java.util.concurrent.CompletableFuture;

/**
 * Where each logged-in user's session lives in a cluster: {@code (app, user) → (node, session,
 * unreachable)}. The newest login wins ({@link #claim} returns whom it replaced); a session only
 * releases or updates the entry while it is still the owner.
 */
public interface UserDirectory {
    /** A session's place. */
    record Location(String nodeId, String sessionId, boolean unreachable) {
    }

    /** Makes {@code me} the owner; completes with the previous owner, or null. */
    CompletableFuture<Location> claim(String appId, String userId, Location me);

    /** Removes the entry if {@code sessionId} still owns it. */
    CompletableFuture<Void> release(String appId, String userId, String sessionId);

    /** Marks the owner's reachability if {@code sessionId} still owns the entry. */
    CompletableFuture<Void> reachable(String appId, String userId, String sessionId, boolean reachable);

    /** The owner, or null. The caller decides whether its node is still alive. */
    CompletableFuture<Location> locate(String appId, String userId);
}
