package io.parley.server.cluster;

import io.parley.protocol.cluster.Ban;
import io.parley.protocol.cluster.NodeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterBans} in cluster mode: a ban is kept in {@link RedisBans} for nodes that start later
 * and broadcast to every node now; a node that starts reads the bans in force.
 */
public final class BanRelay implements ClusterBans {
    private static final Logger log = LoggerFactory.getLogger(BanRelay.class);

    private final ClusterNode node;
    private final RedisBans store;
    private volatile Inbound inbound;

    public BanRelay(ClusterNode node, RedisBans store) {
        this.node = node;
        this.store = store;
        node.on(NodeMessage.BodyCase.BAN, m -> inbound.banAnnounced(m.getBan().getAppId(), m.getBan().getUserId(),
                m.getBan().getUntilMs()));
    }

    @Override
    public void inbound(Inbound in) {
        this.inbound = in;
    }

    /** Bans made before this node started. */
    public void load() {
        store.all().whenComplete((list, err) -> {
            if (err != null) {
                log.warn("could not read the bans in force: {}", err.toString());
                return;
            }
            list.forEach(b -> inbound.banAnnounced(b[0], b[1], Long.parseLong(b[2])));
        });
    }

    @Override
    public void announce(String appId, String userId, long untilMillis) {
        if (untilMillis > 0) {
            store.save(appId, userId, untilMillis);
        } else {
            store.delete(appId, userId);
        }
        node.broadcast(NodeMessage.newBuilder().setBan(Ban.newBuilder().setAppId(appId).setUserId(userId)
                .setUntilMs(untilMillis)));
    }
}
