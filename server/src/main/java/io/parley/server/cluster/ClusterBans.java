package io.parley.server.cluster;

/**
 * Bans' cluster port: an operator's ban or unban reaches every node, and nodes that start later
 * learn the bans in force. On a single node ({@link SingleNodeBans}) the local ban list is all;
 * in cluster mode {@link BanRelay} broadcasts them and keeps them in {@link RedisBans}.
 */
public interface ClusterBans {
    /** What this node learns of bans. */
    interface Inbound {
        /** A ban until {@code untilMillis}, or an unban when it is 0. */
        void banAnnounced(String appId, String userId, long untilMillis);
    }

    /** Where bans go (those in force when the node starts, then every announcement); set once. */
    void inbound(Inbound in);

    /** An operator banned (untilMillis > 0) or unbanned a user: every node's ban list changes. */
    void announce(String appId, String userId, long untilMillis);
}
