package io.parley.server.cluster;

import io.parley.protocol.cluster.Kick;
import io.parley.protocol.cluster.NodeMessage;
import io.parley.protocol.cluster.PresenceChanged;
import io.parley.protocol.v1.DisconnectCode;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterSessions} in cluster mode: the user directory says which session owns each user
 * (the newest login wins, and the node that loses a user is told to end that session with
 * REMOTE_LOGIN); every change of ownership or reachability is announced to all nodes, after the
 * directory holds it, so every node reads the new state.
 */
public final class SessionRelay implements ClusterSessions {
    private static final Logger log = LoggerFactory.getLogger(SessionRelay.class);

    private final ClusterNode node;
    private final UserDirectory directory;
    private volatile Inbound inbound;

    public SessionRelay(ClusterNode node, UserDirectory directory) {
        this.node = node;
        this.directory = directory;
        node.on(NodeMessage.BodyCase.KICK, m -> {
            Kick k = m.getKick();
            inbound.kick(k.getAppId(), k.getUserId(), k.getSessionId(), k.getCode());
        });
        node.onRecovered(() -> inbound.recovered());
    }

    @Override
    public void inbound(Inbound in) {
        this.inbound = in;
    }

    @Override
    public CompletableFuture<Void> claim(String appId, String userId, String sessionId) {
        return directory.claim(appId, userId, new UserDirectory.Location(node.nodeId(), sessionId, false))
                .handle((previous, err) -> {
                    if (err != null) {
                        // the login still succeeds here; the session claims the user again when Redis is back
                        log.warn("directory claim failed for app={} user={}: {}", appId, userId, err.toString());
                    } else if (previous != null && !previous.nodeId().equals(node.nodeId())) {
                        node.send(previous.nodeId(), NodeMessage.newBuilder().setKick(Kick.newBuilder().setAppId(appId)
                                .setUserId(userId).setSessionId(previous.sessionId()).setCode(DisconnectCode.REMOTE_LOGIN)));
                    }
                    announce(appId, userId);
                    return (Void) null;
                });
    }

    @Override
    public void reclaim(String appId, String userId, String sessionId, boolean unreachable) {
        directory.claim(appId, userId, new UserDirectory.Location(node.nodeId(), sessionId, unreachable));
    }

    @Override
    public void release(String appId, String userId, String sessionId) {
        directory.release(appId, userId, sessionId).whenComplete((x, err) -> announce(appId, userId));
    }

    @Override
    public void reachable(String appId, String userId, String sessionId, boolean reachable) {
        directory.reachable(appId, userId, sessionId, reachable).whenComplete((x, err) -> announce(appId, userId));
    }

    @Override
    public CompletableFuture<Boolean> kickElsewhere(String appId, String userId, DisconnectCode code) {
        return node.sendToNodeOf(directory, appId, userId, l -> NodeMessage.newBuilder().setKick(Kick.newBuilder()
                .setAppId(appId).setUserId(userId).setSessionId(l.sessionId()).setCode(code)));
    }

    private void announce(String appId, String userId) {
        node.broadcast(NodeMessage.newBuilder().setPresenceChanged(PresenceChanged.newBuilder().setAppId(appId)
                .setUserId(userId)));
    }
}
