package io.parley.server.session;

import io.parley.protocol.v1.DisconnectCode;
import io.parley.server.cluster.ClusterBans;
import io.parley.server.cluster.ClusterSessions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions across nodes: one login per user in the whole cluster (a login claims its user before
 * it is answered; another node's session of that user ends with REMOTE_LOGIN), operator kicks and
 * bans that reach the user's node, and the bans other nodes announce. On a single node its ports
 * ({@link io.parley.server.cluster.SingleNodeSessions}, {@link io.parley.server.cluster.SingleNodeBans})
 * make it the local registry and ban list alone.
 */
public final class CrossNodeSessions implements SessionListener, ClusterSessions.Inbound, ClusterBans.Inbound {
    private static final Logger log = LoggerFactory.getLogger(CrossNodeSessions.class);

    private final SessionService sessions;
    private final ClusterSessions cluster;
    private final ClusterBans bans;

    public CrossNodeSessions(SessionService sessions, ClusterSessions cluster, ClusterBans bans) {
        this.sessions = sessions;
        this.cluster = cluster;
        this.bans = bans;
        sessions.addListener(this);
        sessions.admission(s -> cluster.claim(s.appId(), s.userId(), s.id()));
        cluster.inbound(this);
        bans.inbound(this);
    }

    /**
     * Operator kick: ends the user's session here or on the node that hosts it; its SDK goes
     * ABORTED with BANNED_BY_SERVER. Completes false if the user is not online anywhere.
     */
    public CompletableFuture<Boolean> kick(String appId, String userId) {
        if (sessions.kick(appId, userId)) {
            return CompletableFuture.completedFuture(true);
        }
        return cluster.kickElsewhere(appId, userId, DisconnectCode.BANNED_BY_SERVER);
    }

    /**
     * Operator ban until {@code untilMillis} on every node, and a kick of the user's session;
     * completes with the kick's result, or fails with {@link ClusterBans.NotShared} when the ban
     * could not be kept for nodes that start later (it is in force here, and the user is kicked here).
     */
    public CompletableFuture<Boolean> ban(String appId, String userId, long untilMillis) {
        sessions.bans().ban(appId, userId, untilMillis);
        CompletableFuture<Void> shared = bans.announce(appId, userId, untilMillis);
        return shared.thenCombine(kick(appId, userId), (x, kicked) -> kicked); // a failure to share wins
    }

    /**
     * Operator unban on every node; completes false if the user was not banned here, and fails with
     * {@link ClusterBans.NotShared} when the unban could not be kept for nodes that start later.
     */
    public CompletableFuture<Boolean> unban(String appId, String userId, long nowMillis) {
        if (!sessions.bans().unban(appId, userId, nowMillis)) {
            return CompletableFuture.completedFuture(false);
        }
        return bans.announce(appId, userId, 0).thenApply(x -> true);
    }

    // ------------------------------------------------------------------------ from other nodes

    @Override
    public void kick(String appId, String userId, String sessionId, DisconnectCode code) {
        Session s = sessions.registry().get(appId, userId);
        if (s != null && (sessionId.isEmpty() || s.id().equals(sessionId))) {
            boolean remoteLogin = code == DisconnectCode.REMOTE_LOGIN;
            sessions.end(s, remoteLogin ? SessionEndReason.REMOTE_LOGIN : SessionEndReason.KICKED, code,
                    remoteLogin ? "logged in on another node" : "removed by an operator");
        }
    }

    @Override
    public void recovered() {
        int n = 0;
        for (Session s : sessions.registry().all()) {
            if (!s.isEnded()) {
                cluster.reclaim(s.appId(), s.userId(), s.id(), s.isUnreachable());
                n++;
            }
        }
        log.info("re-registered {} session(s) in the cluster directory", n);
    }

    @Override
    public void banAnnounced(String appId, String userId, long untilMillis) {
        if (untilMillis > 0) {
            sessions.bans().ban(appId, userId, untilMillis);
        } else {
            sessions.bans().unban(appId, userId, 0);
        }
    }

    @Override
    public List<ClusterBans.Banned> bansInForce() {
        return sessions.bans().allInForce(System.currentTimeMillis(), ClusterBans.Banned::new);
    }

    // -------------------------------------------------------------------------- session events

    @Override
    public void sessionEnded(Session s, SessionEndReason reason) {
        cluster.release(s.appId(), s.userId(), s.id());
    }

    @Override
    public void sessionUnreachable(Session s) {
        cluster.reachable(s.appId(), s.userId(), s.id(), false);
    }

    @Override
    public void sessionReachable(Session s) {
        cluster.reachable(s.appId(), s.userId(), s.id(), true);
    }
}
