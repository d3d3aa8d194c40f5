package io.parley.server.cluster;

import io.parley.protocol.v1.DisconnectCode;
import java.util.concurrent.CompletableFuture;

/**
 * Login ownership's cluster port: one session per user in the whole cluster (the newest login
 * wins), and operator kicks of users on other nodes. On a single node ({@link SingleNodeSessions})
 * the session registry is the whole truth; in cluster mode {@link SessionRelay} keeps the user
 * directory and tells other nodes.
 */
public interface ClusterSessions {
    /** What other nodes ask of this one. */
    interface Inbound {
        /** End the user's session here ({@code sessionId} empty: whichever it has). */
        void kick(String appId, String userId, String sessionId, DisconnectCode code);

        /** The shared state was lost (Redis restarted empty): register every session here again. */
        void recovered();
    }

    /** Where requests from other nodes go; set once. */
    void inbound(Inbound in);

    /**
     * Before a login is answered: the session becomes the user's owner; a session of the same user
     * on another node is told to end (REMOTE_LOGIN). Never fails.
     */
    CompletableFuture<Void> claim(String appId, String userId, String sessionId);

    /**
     * After the shared state was lost: the session owns its user again, without the announcements
     * and kicks of a login (nothing changed for the other nodes).
     */
    void reclaim(String appId, String userId, String sessionId, boolean unreachable);

    /** The session ended: it stops owning the user (only if it still does). */
    void release(String appId, String userId, String sessionId);

    /** The session's reachability changed (only recorded if it still owns the user). */
    void reachable(String appId, String userId, String sessionId, boolean reachable);

    /** Operator kick of the user's session on another node; completes true if a node took it. */
    CompletableFuture<Boolean> kickElsewhere(String appId, String userId, DisconnectCode code);
}
