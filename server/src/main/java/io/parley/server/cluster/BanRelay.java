package io.parley.server.cluster;

import io.parley.protocol.cluster.Ban;
import io.parley.protocol.cluster.NodeMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterBans} in cluster mode: a ban is kept in {@link SharedBans} and broadcast to every
 * node now. A node reads the bans in force when it starts, and again when Redis is back after an
 * outage (an announcement sent while it was not subscribed is not lost to it); when Redis came back
 * empty, each node first writes back the bans it holds, so a restart of a Redis without persistence
 * does not lift them for nodes that start later.
 */
public final class BanRelay implements ClusterBans {
    private static final Logger log = LoggerFactory.getLogger(BanRelay.class);

    private final ClusterNode node;
    private final SharedBans store;
    private volatile Inbound inbound;

    public BanRelay(ClusterNode node, SharedBans store) {
        this.node = node;
        this.store = store;
        node.on(NodeMessage.BodyCase.BAN, m -> inbound.banAnnounced(m.getBan().getAppId(), m.getBan().getUserId(),
                m.getBan().getUntilMs()));
        node.onRecovered(this::recovered);
    }

    @Override
    public void inbound(Inbound in) {
        this.inbound = in;
    }

    /** Bans made before this node started. */
    public CompletableFuture<Void> load() {
        return store.all().handle((list, err) -> {
            if (err != null) {
                log.warn("could not read the bans in force: {}", err.toString());
                return null;
            }
            list.forEach(b -> inbound.banAnnounced(b.appId(), b.userId(), b.untilMillis()));
            return null;
        });
    }

    private CompletableFuture<Void> recovered(boolean stateLost) {
        CompletableFuture<Void> first = CompletableFuture.completedFuture(null);
        if (stateLost) {
            List<Banned> held = inbound.bansInForce();
            first = store.restore(held).handle((x, err) -> {
                if (err != null) {
                    log.warn("could not write back {} ban(s) in force: {}", held.size(), err.toString());
                } else if (!held.isEmpty()) {
                    log.info("wrote back {} ban(s) in force", held.size());
                }
                return null;
            });
        }
        return first.thenCompose(x -> load());
    }

    @Override
    public CompletableFuture<Void> announce(String appId, String userId, long untilMillis) {
        CompletableFuture<Void> kept = untilMillis > 0 ? store.save(appId, userId, untilMillis)
                : store.delete(appId, userId);
        // the nodes running now hear it even if the store failed (on a Redis Cluster another master may be up)
        node.broadcast(NodeMessage.newBuilder().setBan(Ban.newBuilder().setAppId(appId).setUserId(userId)
                .setUntilMs(untilMillis)));
        return kept.handle((x, err) -> {
            if (err instanceof CompletionException && err.getCause() != null) {
                err = err.getCause();
            }
            if (err != null) {
                throw new NotShared((untilMillis > 0 ? "banned" : "unbanned")
                        + " on this node; Redis could not keep it for the nodes that start or recover later ("
                        + err.getMessage() + "): try again", err);
            }
            return null;
        });
    }
}
