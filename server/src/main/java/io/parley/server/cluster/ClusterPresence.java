package io.parley.server.cluster;

import io.parley.protocol.v1.PeerOnlineState;
import java.util.concurrent.CompletableFuture;

/**
 * Presence's cluster port: the state of users who are not on this node. On a single node
 * ({@link SingleNodePresence}) they are offline; in cluster mode {@link PresenceRelay} reads the
 * directory and hears other nodes' announcements.
 */
public interface ClusterPresence {
    /** What other nodes tell this one. */
    interface Inbound {
        /** The user's state may have changed somewhere (re-read it for local watchers). */
        void remoteChanged(String appId, String userId);

        /**
         * A node stopped, or this node may have missed announcements (Redis was away): every watched
         * user who is not on this node may have changed.
         */
        void recheckAll();
    }

    /** Where announcements go; set once, by presence's constructor. */
    void inbound(Inbound in);

    /** The state of a user who is not logged in on this node. */
    CompletableFuture<PeerOnlineState> stateOf(String appId, String userId);
}
