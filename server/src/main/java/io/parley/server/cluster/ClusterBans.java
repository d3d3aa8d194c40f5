package io.parley.server.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Bans' cluster port: an operator's ban or unban reaches every node, and nodes that start later
 * learn the bans in force. On a single node ({@link SingleNodeBans}) the local ban list is all;
 * in cluster mode {@link BanRelay} broadcasts them and keeps them in {@link SharedBans}.
 */
public interface ClusterBans {
    /** A ban in force: {@code userId} of {@code appId} may not log in until {@code untilMillis}. */
    record Banned(String appId, String userId, long untilMillis) {
    }

    /** A ban or unban is in force on this node, but could not be kept for the nodes that start or recover later. */
    final class NotShared extends RuntimeException {
        public NotShared(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What this node learns of bans, and what it holds. */
    interface Inbound {
        /** A ban until {@code untilMillis}, or an unban when it is 0. */
        void banAnnounced(String appId, String userId, long untilMillis);

        /** The bans in force on this node, to write back when the shared store lost them. */
        List<Banned> bansInForce();
    }

    /** Where bans go (those in force when the node starts, then every announcement); set once. */
    void inbound(Inbound in);

    /**
     * An operator banned (untilMillis > 0) or unbanned a user: every node's ban list changes.
     * Completes once it is kept for nodes that start later; fails with {@link NotShared} when it
     * could not be (the nodes running now may still have heard it).
     */
    CompletableFuture<Void> announce(String appId, String userId, long untilMillis);
}
