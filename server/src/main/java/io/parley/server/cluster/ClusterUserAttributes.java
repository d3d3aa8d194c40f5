package io.parley.server.cluster;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * User attributes' cluster port: the attributes of users on other nodes. On a single node
 * ({@link SingleNodeUserAttributes}) there are none; in cluster mode {@link RedisUserAttributes}
 * keeps each session's attributes in Redis ({@link LocalUserAttributes}: the in-memory reference).
 */
public interface ClusterUserAttributes {
    /** Publishes a session's current attributes (after every write). */
    void saved(String appId, String userId, String sessionId, Map<String, String> attributes);

    /** The session ended: its attributes go (only if they are still that session's). */
    void cleared(String appId, String userId, String sessionId);

    /** The attributes of the user's current session elsewhere; null if the user is not online. */
    CompletableFuture<Map<String, String>> read(String appId, String userId);
}
