package io.parley.server.cluster;

import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Every feature's cluster port, chosen in one place: {@link #singleNode} (this node is the whole
 * cluster; every port answers at once, on the caller's thread) or {@link #onRedis} (a
 * {@link ClusterNode} routing node messages to one relay per feature, with shared state in Redis).
 */
public final class ClusterPorts implements AutoCloseable {
    private final String nodeId;
    private final ClusterNode node;
    private final ClusterSessions sessions;
    private final ClusterBans bans;
    private final ClusterPeers peers;
    private final ClusterPresence presence;
    private final ClusterInvitations invitations;
    private final ClusterUserAttributes userAttributes;
    private final ClusterChannels channels;
    private final ClusterChannelAttributes channelAttributes;
    private final Runnable onStart;

    private ClusterPorts(String nodeId, ClusterNode node, ClusterSessions sessions, ClusterBans bans, ClusterPeers peers,
                         ClusterPresence presence, ClusterInvitations invitations, ClusterUserAttributes userAttributes,
                         ClusterChannels channels, ClusterChannelAttributes channelAttributes, Runnable onStart) {
        this.nodeId = nodeId;
        this.node = node;
        this.sessions = sessions;
        this.bans = bans;
        this.peers = peers;
        this.presence = presence;
        this.invitations = invitations;
        this.userAttributes = userAttributes;
        this.channels = channels;
        this.channelAttributes = channelAttributes;
        this.onStart = onStart;
    }

    /** A node that is the whole cluster; {@code nanoTime} times the expiry of empty channels' attributes. */
    public static ClusterPorts singleNode(String nodeId, LongSupplier nanoTime) {
        return new ClusterPorts(nodeId, null, new SingleNodeSessions(), new SingleNodeBans(), new SingleNodePeers(),
                new SingleNodePresence(), new SingleNodeInvitations(), new SingleNodeUserAttributes(),
                new SingleNodeChannels(), new SingleNodeChannelAttributes(nanoTime),
                () -> { });
    }

    /**
     * A node of a cluster on Redis (one redis-server or a Redis Cluster). The relays register with
     * the node in an order that matters for presence announcements: a user's route is forgotten
     * before presence and invitations re-read where the user is.
     *
     * @param afterCurrentTask where node publishes (see {@link PublishCoalescer}) and peer acks (see
     *                         {@link PeerAckGatherer}) are coalesced
     */
    public static ClusterPorts onRedis(RedisConnector redis, String nodeId, long heartbeatMillis, Executor afterCurrentTask) {
        RedisBackplane backplane = new RedisBackplane(redis, nodeId, heartbeatMillis, afterCurrentTask);
        ClusterNode node = new ClusterNode(backplane);
        RedisUserDirectory directory = new RedisUserDirectory(redis);
        PeerRelay peers = new PeerRelay(node, directory, afterCurrentTask);
        PresenceRelay presence = new PresenceRelay(node, directory);
        InvitationRelay invitations = new InvitationRelay(node, directory, presence);
        BanRelay bans = new BanRelay(node, new RedisBans(redis));
        return new ClusterPorts(nodeId, node, new SessionRelay(node, directory), bans, peers, presence, invitations,
                new RedisUserAttributes(redis, directory, backplane),
                new ChannelRelay(node, directory, new RedisChannels(redis, nodeId)), new RedisChannelAttributes(redis),
                bans::load);
    }

    public boolean clustered() {
        return node != null;
    }

    public String nodeId() {
        return nodeId;
    }

    /** The nodes heartbeating now, this one included (this one alone on a single node). */
    public Set<String> liveNodes() {
        return node == null ? Set.of(nodeId) : node.liveNodes();
    }

    /** Whether the shared medium is reachable and this node's heartbeat current (always on a single node). */
    public boolean healthy() {
        return node == null || node.healthy();
    }

    /** Starts receiving from other nodes, once every feature registered its inbound side. */
    public void start() {
        if (node != null) {
            node.start();
        }
        onStart.run();
    }

    public ClusterSessions sessions() {
        return sessions;
    }

    public ClusterBans bans() {
        return bans;
    }

    public ClusterPeers peers() {
        return peers;
    }

    public ClusterPresence presence() {
        return presence;
    }

    public ClusterInvitations invitations() {
        return invitations;
    }

    public ClusterUserAttributes userAttributes() {
        return userAttributes;
    }

    public ClusterChannels channels() {
        return channels;
    }

    public ClusterChannelAttributes channelAttributes() {
        return channelAttributes;
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
    }
}
