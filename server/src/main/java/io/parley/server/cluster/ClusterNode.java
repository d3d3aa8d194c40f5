package io.parley.server.cluster;

import io.parley.protocol.cluster.Kick;
import io.parley.protocol.cluster.NodeMessage;
import io.parley.protocol.cluster.PeerDeliver;
import io.parley.protocol.cluster.PeerOutcome;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.PeerOnlineState;
import io.parley.server.messaging.PeerMessagingService;
import io.parley.server.messaging.RemotePeers;
import io.parley.server.presence.PresenceService;
import io.parley.server.session.Session;
import io.parley.server.session.SessionEndReason;
import io.parley.server.session.SessionListener;
import io.parley.server.session.SessionService;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in a cluster: keeps the user directory in step with its sessions (newest login
 * wins: the node that loses a user is told to end that session with REMOTE_LOGIN), routes peer
 * messages and their outcomes between nodes, answers presence for users elsewhere, and carries
 * operator kicks to the node that hosts the user.
 */
public final class ClusterNode implements SessionListener, RemotePeers, PresenceService.RemotePresence,
        io.parley.server.invitations.RemoteInvitations, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final Backplane backplane;
    private final UserDirectory directory;
    private final SessionService sessions;
    private final PeerMessagingService messaging;
    private final RouteCache routes = new RouteCache(ROUTE_CACHE_ENTRIES, java.time.Duration.ofMinutes(10));
    /** Users of other nodes whose node this one remembers (see {@link RouteCache}). */
    static final long ROUTE_CACHE_ENTRIES = 200_000;
    private volatile PresenceService presence;
    private volatile io.parley.server.invitations.InvitationService invitations;
    private volatile io.parley.server.channels.ChannelService channels;
    private volatile BanStore banStore;

    /** Where bans are kept for nodes that start later (Redis), or null. */
    public interface BanStore {
        void save(String appId, String userId, long untilMillis);

        void delete(String appId, String userId);

        /** Every ban in force: (app, user, until). */
        CompletableFuture<java.util.List<String[]>> all();
    }

    public void bans(BanStore store) {
        this.banStore = store;
    }

    public void channels(io.parley.server.channels.ChannelService c) {
        this.channels = c;
    }

    /** An operator banned (untilMillis > 0) or unbanned a user: every node's ban list changes. */
    public void announceBan(String appId, String userId, long untilMillis) {
        BanStore store = banStore;
        if (store != null) {
            if (untilMillis > 0) {
                store.save(appId, userId, untilMillis);
            } else {
                store.delete(appId, userId);
            }
        }
        backplane.broadcast(NodeMessage.newBuilder().setFromNode(nodeId()).setBan(io.parley.protocol.cluster.Ban
                .newBuilder().setAppId(appId).setUserId(userId).setUntilMs(untilMillis)).build());
    }

    /** Operator removal of a user of another node from a channel; true if that node took it. */
    public CompletableFuture<Boolean> removeMemberRemote(String appId, String userId, String channelId) {
        return directory.locate(appId, userId).thenCompose(l -> {
            if (l == null || l.nodeId().equals(nodeId())) {
                return CompletableFuture.completedFuture(false);
            }
            return backplane.send(l.nodeId(), NodeMessage.newBuilder().setFromNode(nodeId()).setRemoveMember(
                    io.parley.protocol.cluster.RemoveMember.newBuilder().setAppId(appId).setUserId(userId)
                            .setChannelId(channelId)).build());
        });
    }

    /** Invitations between users on different nodes. Set before start. */
    public void invitations(io.parley.server.invitations.InvitationService i) {
        this.invitations = i;
    }

    @Override
    public CompletableFuture<Boolean> toUser(String appId, String userId, io.parley.protocol.v1.ServerFrame frame) {
        return directory.locate(appId, userId).thenCompose(l -> {
            if (l == null || l.nodeId().equals(nodeId())) {
                return CompletableFuture.completedFuture(false);
            }
            return backplane.send(l.nodeId(), NodeMessage.newBuilder().setFromNode(nodeId()).setUserFrame(
                    io.parley.protocol.cluster.UserFrame.newBuilder().setAppId(appId).setUserId(userId)
                            .setFrame(frame.toByteString())).build());
        });
    }

    @Override
    public CompletableFuture<Boolean> isOnline(String appId, String userId) {
        if (sessions.registry().get(appId, userId) != null) {
            return CompletableFuture.completedFuture(true);
        }
        return stateOf(appId, userId).thenApply(s -> s != PeerOnlineState.PEER_STATE_OFFLINE);
    }

    @Override
    public void forward(String ownerNode, String appId, String calleeId, int requestId, String invitationId,
                        Action action, String response) {
        io.parley.protocol.cluster.InvitationAction.Kind kind = switch (action) {
            case RECEIVED -> io.parley.protocol.cluster.InvitationAction.Kind.RECEIVED;
            case ACCEPT -> io.parley.protocol.cluster.InvitationAction.Kind.ACCEPT;
            case REFUSE -> io.parley.protocol.cluster.InvitationAction.Kind.REFUSE;
        };
        backplane.send(ownerNode, NodeMessage.newBuilder().setFromNode(nodeId()).setInvitationAction(
                io.parley.protocol.cluster.InvitationAction.newBuilder().setAppId(appId).setCalleeId(calleeId)
                        .setRequestId(requestId).setInvitationId(invitationId).setKind(kind).setResponse(response)).build())
                .whenComplete((took, err) -> {
                    if ((err != null || !Boolean.TRUE.equals(took)) && requestId != 0) {
                        Session s = sessions.registry().get(appId, calleeId);
                        if (s != null) { // the caller's node is gone: the invitation ended with it
                            s.send(io.parley.server.session.Replies.error(requestId, ErrorCode.INVITATION_ALREADY_END,
                                    "the caller's node is gone"));
                        }
                    }
                });
    }

    public ClusterNode(Backplane backplane, UserDirectory directory, SessionService sessions,
                       PeerMessagingService messaging) {
        this.backplane = backplane;
        this.directory = directory;
        this.sessions = sessions;
        this.messaging = messaging;
    }

    /** Presence subscriptions across nodes: changes here are announced, announcements from elsewhere re-checked. */
    public void presence(PresenceService p) {
        this.presence = p;
    }

    private void announce(Session s) {
        backplane.broadcast(NodeMessage.newBuilder().setFromNode(nodeId()).setPresenceChanged(
                io.parley.protocol.cluster.PresenceChanged.newBuilder().setAppId(s.appId()).setUserId(s.userId())).build());
    }

    public String nodeId() {
        return backplane.nodeId();
    }

    /** Runs for each node that stopped heartbeating (clean up what it left in Redis). */
    /** The nodes heartbeating now, this one included. */
    public java.util.Set<String> liveNodes() {
        return backplane.liveNodes();
    }

    public void onNodeGone(java.util.function.Consumer<String> c) {
        backplane.onNodeGone(dead -> {
            routes.forgetNode(dead);
            c.accept(dead);
        });
    }

    public void start() {
        backplane.start(this::received, this::reclaimAll);
        BanStore store = banStore;
        if (store != null) { // bans made before this node started
            store.all().thenAccept(list -> list.forEach(b -> sessions.bans().ban(b[0], b[1], Long.parseLong(b[2]))));
        }
    }

    /** Redis reachable and this node's heartbeat current: /ready depends on it. */
    public boolean healthy() {
        return backplane.healthy();
    }

    // ----------------------------------------------------------------------------- directory

    /**
     * Before a login is answered: this session becomes the user's owner in the directory; a session
     * of the same user on another node is told to end (REMOTE_LOGIN). Never fails: with Redis down
     * the login still succeeds locally and the session is registered when Redis is back.
     */
    public CompletableFuture<Void> admit(Session s) {
        return directory.claim(s.appId(), s.userId(), new UserDirectory.Location(nodeId(), s.id(), false))
                .handle((previous, err) -> {
                    if (err != null) {
                        log.warn("directory claim failed for app={} user={}: {}", s.appId(), s.userId(), err.toString());
                    } else if (previous != null && !previous.nodeId().equals(nodeId())) {
                        backplane.send(previous.nodeId(), NodeMessage.newBuilder().setFromNode(nodeId())
                                .setKick(Kick.newBuilder().setAppId(s.appId()).setUserId(s.userId())
                                        .setSessionId(previous.sessionId()).setCode(DisconnectCode.REMOTE_LOGIN)).build());
                    }
                    announce(s); // after the directory says so, so every node reads the new state
                    return (Void) null;
                });
    }

    /** After a Redis outage: every session here claims its user again (Redis may have restarted empty). */
    private volatile Runnable onRecovered = () -> { };

    /** Also runs after Redis lost its data (other features register their shared state again). */
    public void onRecovered(Runnable r) {
        this.onRecovered = r;
    }

    private void reclaimAll() {
        onRecovered.run();
        int n = 0;
        for (Session s : sessions.registry().all()) {
            if (!s.isEnded()) {
                directory.claim(s.appId(), s.userId(), new UserDirectory.Location(nodeId(), s.id(), s.isUnreachable()));
                n++;
            }
        }
        log.info("re-registered {} session(s) in the cluster directory", n);
    }

    @Override
    public void sessionEnded(Session s, SessionEndReason reason) {
        directory.release(s.appId(), s.userId(), s.id()).whenComplete((x, err) -> announce(s));
    }

    @Override
    public void sessionUnreachable(Session s) {
        directory.reachable(s.appId(), s.userId(), s.id(), false).whenComplete((x, err) -> announce(s));
    }

    @Override
    public void sessionReachable(Session s) {
        directory.reachable(s.appId(), s.userId(), s.id(), true).whenComplete((x, err) -> announce(s));
    }

    // ------------------------------------------------------------------------- peer messages

    @Override
    public CompletableFuture<String> locate(String appId, String userId) {
        // no liveness check here: a publish that reaches no subscriber tells the node is gone
        return routes.get(appId, userId, () -> directory.locate(appId, userId)
                .thenApply(l -> l == null || l.nodeId().equals(nodeId()) ? null : l.nodeId()));
    }

    @Override
    public void notHere(String originNode, long originId) {
        backplane.send(originNode, NodeMessage.newBuilder().setFromNode(nodeId()).setPeerOutcome(PeerOutcome.newBuilder()
                .setOriginId(originId).setNotHere(true)).build());
    }

    @Override
    public void stored(String appId, String userId) {
        // the directory, not the route cache: a login that raced the store has claimed the user by now
        directory.locate(appId, userId).thenAccept(l -> {
            if (l != null && !l.nodeId().equals(nodeId())) {
                backplane.send(l.nodeId(), NodeMessage.newBuilder().setFromNode(nodeId()).setOfflineStored(
                        io.parley.protocol.cluster.OfflineStored.newBuilder().setAppId(appId).setUserId(userId)).build());
            }
        }).exceptionally(err -> {
            log.warn("directory unavailable: a message stored for app={} user={} waits for the next login",
                    appId, userId);
            return null;
        });
    }

    @Override
    public void forget(String appId, String userId) {
        routes.forget(appId, userId);
    }

    /** Routes to users of other nodes held now (for tests and diagnostics). */
    public long cachedRoutes() {
        return routes.size();
    }

    @Override
    public CompletableFuture<Boolean> deliver(String nodeId, long originId, String appId, String toUserId, String fromUserId,
                                              io.parley.protocol.peer.EncodedBody body, long serverReceivedTs,
                                              boolean offlineAllowed) {
        return backplane.send(nodeId, NodeMessage.newBuilder().setFromNode(nodeId()).setPeerDeliver(PeerDeliver.newBuilder()
                .setOriginId(originId).setAppId(appId).setToUserId(toUserId).setFromUserId(fromUserId)
                .setBody(com.google.protobuf.UnsafeByteOperations.unsafeWrap(body.bytes())) // immutable: shared
                .setServerReceivedTs(serverReceivedTs).setOfflineAllowed(offlineAllowed)).build());
    }

    @Override
    public void outcome(String originNode, long originId, ErrorCode code, String detail) {
        backplane.send(originNode, NodeMessage.newBuilder().setFromNode(nodeId()).setPeerOutcome(PeerOutcome.newBuilder()
                .setOriginId(originId).setCode(code).setDetail(detail)).build())
                .whenComplete((ok, err) -> {
                    if (err != null || !Boolean.TRUE.equals(ok)) {
                        log.debug("origin node {} gone; outcome {} of message {} not reported", originNode, code, originId);
                    }
                });
    }

    // ----------------------------------------------------------------------------- presence

    @Override
    public CompletableFuture<PeerOnlineState> stateOf(String appId, String userId) {
        return directory.locate(appId, userId).thenCompose(l -> {
            if (l == null) {
                return CompletableFuture.completedFuture(PeerOnlineState.PEER_STATE_OFFLINE);
            }
            return backplane.checkAlive(l.nodeId()).thenApply(alive -> !alive ? PeerOnlineState.PEER_STATE_OFFLINE
                    : l.unreachable() ? PeerOnlineState.PEER_STATE_UNREACHABLE : PeerOnlineState.PEER_STATE_ONLINE);
        });
    }

    // -------------------------------------------------------------------------------- kicks

    /** Operator kick of a user hosted on another node; completes true if that node took it. */
    public CompletableFuture<Boolean> kickRemote(String appId, String userId) {
        return directory.locate(appId, userId).thenCompose(l -> {
            if (l == null || l.nodeId().equals(nodeId())) {
                return CompletableFuture.completedFuture(false);
            }
            return backplane.send(l.nodeId(), NodeMessage.newBuilder().setFromNode(nodeId()).setKick(Kick.newBuilder()
                    .setAppId(appId).setUserId(userId).setSessionId(l.sessionId())
                    .setCode(DisconnectCode.BANNED_BY_SERVER)).build());
        });
    }

    // ----------------------------------------------------------------------------- incoming

    private void received(NodeMessage m) {
        String problem = NodeMessageRules.problem(m);
        if (problem != null) {
            log.warn("dropping a node message from {}: {}", io.parley.server.log.LogSafe.of(m.getFromNode()), problem);
            return;
        }
        switch (m.getBodyCase()) {
            case PEER_DELIVER -> {
                PeerDeliver d = m.getPeerDeliver();
                messaging.deliverFromNode(m.getFromNode(), d.getOriginId(), d.getAppId(), d.getToUserId(),
                        d.getFromUserId(), d.getBody().toByteArray(), d.getServerReceivedTs(), d.getOfflineAllowed());
            }
            case PEER_OUTCOME -> {
                PeerOutcome o = m.getPeerOutcome();
                if (o.getNotHere()) {
                    messaging.notHere(o.getOriginId());
                } else {
                    messaging.remoteOutcome(o.getOriginId(), o.getCode(), o.getDetail());
                }
            }
            case OFFLINE_STORED -> messaging.storedElsewhere(m.getOfflineStored().getAppId(),
                    m.getOfflineStored().getUserId());
            case KICK -> {
                Kick k = m.getKick();
                Session s = sessions.registry().get(k.getAppId(), k.getUserId());
                if (s != null && (k.getSessionId().isEmpty() || s.id().equals(k.getSessionId()))) {
                    boolean remoteLogin = k.getCode() == DisconnectCode.REMOTE_LOGIN;
                    sessions.end(s, remoteLogin ? SessionEndReason.REMOTE_LOGIN : SessionEndReason.KICKED, k.getCode(),
                            remoteLogin ? "logged in on another node" : "removed by an operator");
                }
            }
            case BAN -> {
                io.parley.protocol.cluster.Ban b = m.getBan();
                if (b.getUntilMs() > 0) {
                    sessions.bans().ban(b.getAppId(), b.getUserId(), b.getUntilMs());
                } else {
                    sessions.bans().unban(b.getAppId(), b.getUserId(), 0);
                }
            }
            case REMOVE_MEMBER -> {
                io.parley.protocol.cluster.RemoveMember r = m.getRemoveMember();
                Session s = sessions.registry().get(r.getAppId(), r.getUserId());
                io.parley.server.channels.ChannelService c = channels;
                if (s != null && c != null) {
                    c.remove(s, r.getChannelId());
                }
            }
            case USER_FRAME -> {
                io.parley.protocol.cluster.UserFrame f = m.getUserFrame();
                Session s = sessions.registry().get(f.getAppId(), f.getUserId());
                if (s != null) {
                    try {
                        s.send(io.parley.protocol.v1.ServerFrame.parseFrom(f.getFrame()));
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        log.warn("dropping a malformed user frame from node {}", m.getFromNode());
                    }
                }
            }
            case INVITATION_ACTION -> {
                io.parley.protocol.cluster.InvitationAction a = m.getInvitationAction();
                io.parley.server.invitations.InvitationService inv = invitations;
                if (inv != null) {
                    switch (a.getKind()) {
                        case RECEIVED -> inv.receivedAckFromNode(a.getAppId(), a.getCalleeId(), a.getInvitationId());
                        case ACCEPT, REFUSE -> inv.answerFromNode(a.getAppId(), a.getCalleeId(), a.getRequestId(),
                                a.getInvitationId(), a.getResponse(),
                                a.getKind() == io.parley.protocol.cluster.InvitationAction.Kind.ACCEPT);
                        default -> { }
                    }
                }
            }
            case PRESENCE_CHANGED -> {
                routes.forget(m.getPresenceChanged().getAppId(), m.getPresenceChanged().getUserId());
                io.parley.server.invitations.InvitationService inv = invitations;
                if (inv != null) {
                    inv.peerMaybeGone(m.getPresenceChanged().getAppId(), m.getPresenceChanged().getUserId());
                }
                PresenceService p = presence;
                if (p != null) { // our own too: local watchers of a user who left this node re-read the directory
                    p.remoteChanged(new io.parley.server.session.SessionKey(m.getPresenceChanged().getAppId(),
                            m.getPresenceChanged().getUserId()));
                }
            }
            default -> log.debug("ignoring node message {}", m.getBodyCase());
        }
    }

    @Override
    public void close() {
        backplane.close();
    }
}
