package io.parley.server.invitations;

import io.parley.protocol.FrameLimits;
import io.parley.protocol.Identifiers;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.InvitationEventPush;
import io.parley.protocol.v1.InvitationEventType;
import io.parley.protocol.v1.InvitationSent;
import io.parley.protocol.v1.SendInvitation;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.cluster.ClusterInvitations;
import io.parley.server.cluster.SingleNodeInvitations;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.session.Replies;
import io.parley.server.session.Session;
import io.parley.server.session.SessionEndReason;
import io.parley.server.session.SessionKey;
import io.parley.server.session.SessionListener;
import io.parley.server.session.SessionRegistry;
import io.parley.server.time.DeadlineQueue;
import io.parley.server.time.QueuedCheck;
import io.parley.server.time.TimeSource;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Call invitations (RTM §1.9, §4.2) with the authoritative state and every timer on the server,
 * so the outcome is the same whichever client disconnects:
 * <ul>
 *   <li>callee offline: retried until it logs in, for {@code offlineRetry} (30 s) → caller FAILURE
 *       PEER_OFFLINE (1);</li>
 *   <li>callee online but its SDK did not confirm receipt within {@code noResponse} (30 s) → caller
 *       FAILURE PEER_NO_RESPONSE (2);</li>
 *   <li>received but neither accepted nor refused within {@code expire} (60 s) of sending → both
 *       FAILURE INVITATION_EXPIRE (3);</li>
 *   <li>accepted while the caller is gone → callee FAILURE ACCEPT_FAILURE (2);</li>
 *   <li>caller logs out or its session ends → pending invitations are canceled for the callee;
 *       callee's session ends → the caller's pending invitations fail with PEER_OFFLINE.</li>
 * </ul>
 * Misuse is answered with the InvitationApiCallError meanings: unknown or foreign id →
 * INVALID_ARGUMENT, finished → INVITATION_ALREADY_END, accepted → INVITATION_ALREADY_ACCEPT.
 *
 * <p>Sending is budgeted ({@link Operation#INVITATION}, TOO_OFTEN) and a user has at most
 * {@code maxLivePerCaller} unfinished invitations (EXCEED_LIMIT); both reach the SDK as the API
 * call failing with INVALID_ARGUMENT, RTM having no code of its own for them. Invitations are
 * indexed by caller and by callee, so a login, a logout or a presence change looks at that user's
 * invitations only; the 200 ms sweep looks at the invitations whose timer ran out.
 */
public final class InvitationService implements SessionListener, ClusterInvitations.Inbound {
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State {
        PENDING_DELIVERY,  // callee offline: retrying
        DELIVERED,         // pushed to the callee, waiting for its receipt
        RECEIVED,          // callee confirmed receipt
        DONE               // accepted, refused, canceled or failed
    }

    private static final class Invitation {
        final String id;
        final String appId;
        final String callerId;
        final String calleeId;
        final String content;
        final String channelId;
        final long sentNanos;
        volatile State state = State.PENDING_DELIVERY;
        long deliveredNanos;
        boolean accepted;
        final QueuedCheck check = new QueuedCheck();

        Invitation(String id, String appId, String callerId, String calleeId, String content, String channelId, long now) {
            this.id = id;
            this.appId = appId;
            this.callerId = callerId;
            this.calleeId = calleeId;
            this.content = content;
            this.channelId = channelId;
            this.sentNanos = now;
        }
    }

    private final SessionRegistry registry;
    private final TimeSource time;
    private final long offlineRetryNanos;
    private final long noResponseNanos;
    private final long expireNanos;
    private final Map<String, Invitation> invitations = new ConcurrentHashMap<>();
    private final DeadlineQueue<Invitation> checks = new DeadlineQueue<>();
    private final Map<SessionKey, Set<Invitation>> byCaller = new ConcurrentHashMap<>();
    private final Map<SessionKey, Set<Invitation>> byCallee = new ConcurrentHashMap<>();
    private final SessionRateLimits limits;
    private final int maxLivePerCaller;
    private volatile io.parley.server.metrics.ParleyMetrics metrics = io.parley.server.metrics.ParleyMetrics.NOOP;
    private final ClusterInvitations cluster;
    private final long redeliveryNanos;

    /** Who answers an invitation: a session on this node, or (cluster mode) a callee on another node. */
    private interface Callee {
        String appId();

        String userId();

        void send(ServerFrame f);
    }

    private static Callee local(Session s) {
        return new Callee() {
            public String appId() {
                return s.appId();
            }

            public String userId() {
                return s.userId();
            }

            public void send(ServerFrame f) {
                s.send(f);
            }
        };
    }

    private Callee elsewhere(String appId, String userId) {
        ClusterInvitations r = cluster;
        return new Callee() {
            public String appId() {
                return appId;
            }

            public String userId() {
                return userId;
            }

            public void send(ServerFrame f) {
                r.toUser(appId, userId, f);
            }
        };
    }

    /** The owner node of an invitation id of another node ("node.hex"), or null for one of this node's. */
    private String ownerElsewhere(String id) {
        return invitations.containsKey(id) ? null : cluster.ownerElsewhere(id);
    }

    /** A single node's: every invitation and callee is here. */
    public InvitationService(SessionRegistry registry, TimeSource time, Duration offlineRetry, Duration noResponse,
                             Duration expire, SessionRateLimits limits, int maxLivePerCaller) {
        this(registry, time, offlineRetry, noResponse, expire, limits, maxLivePerCaller, new SingleNodeInvitations());
    }

    /** @param cluster how invitations reach callees on other nodes (and their answers come back) */
    public InvitationService(SessionRegistry registry, TimeSource time, Duration offlineRetry, Duration noResponse,
                             Duration expire, SessionRateLimits limits, int maxLivePerCaller, ClusterInvitations cluster) {
        this.cluster = cluster;
        this.redeliveryNanos = cluster.redeliveryInterval().toNanos();
        this.limits = limits;
        this.maxLivePerCaller = maxLivePerCaller;
        this.registry = registry;
        this.time = time;
        this.offlineRetryNanos = offlineRetry.toNanos();
        this.noResponseNanos = noResponse.toNanos();
        this.expireNanos = expire.toNanos();
        cluster.inbound(this);
    }

    public void send(Session caller, int rid, SendInvitation req) {
        if (!Identifiers.isValidUserId(req.getCalleeId())
                || Identifiers.utf8Length(req.getContent()) > FrameLimits.MAX_INVITATION_CONTENT_BYTES
                || (!req.getChannelId().isEmpty() && !Identifiers.isValidChannelId(req.getChannelId()))) {
            caller.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "invalid callee, content over 8 KB or bad channel id"));
            return;
        }
        if (!limits.tryAcquire(caller, Operation.INVITATION)) {
            metrics.invitation("refused_too_often");
            feed.invitation(caller.appId(), caller.userId(), req.getCalleeId(), "refused_too_often");
            caller.send(Replies.error(rid, ErrorCode.TOO_OFTEN, "invitations sent too often"));
            return;
        }
        if (maxLivePerCaller > 0 && live(byCaller.get(new SessionKey(caller.appId(), caller.userId())))
                >= maxLivePerCaller) {
            metrics.invitation("refused_live_cap");
            feed.invitation(caller.appId(), caller.userId(), req.getCalleeId(), "refused_live_cap");
            caller.send(Replies.error(rid, ErrorCode.EXCEED_LIMIT, "too many unfinished invitations (limit "
                    + maxLivePerCaller + ")"));
            return;
        }
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        String id = cluster.newId(HexFormat.of().formatHex(b));
        Invitation inv = new Invitation(id, caller.appId(), caller.userId(), req.getCalleeId(),
                req.getContent(), req.getChannelId(), time.nanoTime());
        invitations.put(inv.id, inv);
        index(byCaller, new SessionKey(inv.appId, inv.callerId), inv);
        index(byCallee, new SessionKey(inv.appId, inv.calleeId), inv);
        caller.send(Replies.ok(rid).setInvitationSent(InvitationSent.newBuilder().setInvitationId(inv.id)).build());
        synchronized (inv) {
            tryDeliver(inv);
        }
    }

    /** Under the invitation's lock: push to the callee if it is online. */
    private void tryDeliver(Invitation inv) {
        Session callee = registry.get(inv.appId, inv.calleeId);
        ClusterInvitations r = cluster;
        if (inv.state == State.PENDING_DELIVERY && callee == null) {
            // another node may host the callee: mark delivered first (its receipt may come back at once)
            inv.state = State.DELIVERED;
            inv.deliveredNanos = time.nanoTime();
            r.toUser(inv.appId, inv.calleeId, event(InvitationEventType.REMOTE_RECEIVED, inv, "", 0)).whenComplete((took, err) -> {
                if (err != null || !Boolean.TRUE.equals(took)) {
                    synchronized (inv) {
                        if (inv.state == State.DELIVERED) {
                            inv.state = State.PENDING_DELIVERY; // nobody took it: keep retrying until the offline timer
                            schedule(inv);
                        }
                    }
                }
            });
            schedule(inv);
            return;
        }
        if (inv.state != State.PENDING_DELIVERY || callee == null) {
            schedule(inv);
            return;
        }
        inv.state = State.DELIVERED;
        inv.deliveredNanos = time.nanoTime();
        schedule(inv);
        callee.send(event(InvitationEventType.REMOTE_RECEIVED, inv, "", 0));
    }

    /**
     * Under the invitation's lock, after its state changed: queue a look at it for when its state's
     * timer runs out (a finished one at the next sweep, which removes it). In cluster mode an
     * undelivered invitation is offered again at the port's redelivery interval: its callee may log
     * in on another node, which this node does not hear of; on one node a login delivers it at once.
     */
    private void schedule(Invitation inv) {
        long now = time.nanoTime();
        long at = switch (inv.state) {
            case PENDING_DELIVERY -> {
                long offline = inv.sentNanos + offlineRetryNanos;
                long retry = now + redeliveryNanos;
                yield redeliveryNanos > 0 && retry - offline < 0 ? retry : offline;
            }
            case DELIVERED -> inv.deliveredNanos + noResponseNanos;
            case RECEIVED -> inv.sentNanos + expireNanos;
            case DONE -> now;
        };
        if (inv.check.request(at)) {
            checks.add(inv, at);
        }
    }

    public void receivedAck(Session callee, String id) {
        String owner = ownerElsewhere(id);
        if (owner != null) {
            cluster.forward(owner, callee.appId(), callee.userId(), 0, id, ClusterInvitations.Action.RECEIVED, "");
            return;
        }
        receivedAck(local(callee), id);
    }

    /** Cluster mode: a callee on another node confirmed receipt of one of this node's invitations. */
    @Override
    public void receivedAckFromNode(String appId, String calleeId, String id) {
        receivedAck(elsewhere(appId, calleeId), id);
    }

    private void receivedAck(Callee callee, String id) {
        Invitation inv = invitations.get(id);
        if (inv == null || !isCallee(callee, inv)) {
            return;
        }
        synchronized (inv) {
            if (inv.state == State.DELIVERED) {
                inv.state = State.RECEIVED;
                schedule(inv);
                toCaller(inv, event(InvitationEventType.LOCAL_RECEIVED_BY_PEER, inv, "", 0));
            }
        }
    }

    public void cancel(Session caller, int rid, String id) {
        Invitation inv = invitations.get(id);
        if (inv == null || !inv.appId.equals(caller.appId()) || !inv.callerId.equals(caller.userId())) {
            caller.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "no such invitation of yours"));
            return;
        }
        synchronized (inv) {
            if (inv.state == State.DONE) {
                caller.send(Replies.error(rid, ErrorCode.INVITATION_ALREADY_END, "invitation already ended"));
                return;
            }
            boolean delivered = inv.state != State.PENDING_DELIVERY;
            finish(inv);
            metrics.invitation("canceled");
            feed.invitation(inv.appId, inv.callerId, inv.calleeId, "canceled");
            caller.send(Replies.ok(rid).build());
            caller.send(event(InvitationEventType.LOCAL_CANCELED, inv, "", 0));
            if (delivered) {
                toCallee(inv, event(InvitationEventType.REMOTE_CANCELED, inv, "", 0));
            }
        }
    }

    public void answer(Session callee, int rid, String id, String response, boolean accept) {
        String owner = ownerElsewhere(id);
        if (owner != null) {
            cluster.forward(owner, callee.appId(), callee.userId(), rid, id,
                    accept ? ClusterInvitations.Action.ACCEPT : ClusterInvitations.Action.REFUSE, response);
            return;
        }
        answer(local(callee), rid, id, response, accept);
    }

    /** Cluster mode: a callee on another node answered one of this node's invitations. */
    @Override
    public void answerFromNode(String appId, String calleeId, int rid, String id, String response, boolean accept) {
        answer(elsewhere(appId, calleeId), rid, id, response, accept);
    }

    private void answer(Callee callee, int rid, String id, String response, boolean accept) {
        Invitation inv = invitations.get(id);
        if (inv == null || !isCallee(callee, inv) || inv.state == State.PENDING_DELIVERY
                || Identifiers.utf8Length(response) > FrameLimits.MAX_INVITATION_CONTENT_BYTES) {
            callee.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "no such invitation for you, or response over 8 KB"));
            return;
        }
        synchronized (inv) {
            if (inv.state == State.DONE) {
                callee.send(Replies.error(rid, inv.accepted ? ErrorCode.INVITATION_ALREADY_ACCEPT
                        : ErrorCode.INVITATION_ALREADY_END, "invitation already answered or ended"));
                return;
            }
            finish(inv);
            inv.accepted = accept;
            metrics.invitation(accept ? "accepted" : "refused");
            feed.invitation(inv.appId, inv.callerId, inv.calleeId, accept ? "accepted" : "refused");
            callee.send(Replies.ok(rid).build());
            Session caller = registry.get(inv.appId, inv.callerId);
            if (caller != null) { // held for the caller if it is reconnecting
                caller.send(event(accept ? InvitationEventType.LOCAL_ACCEPTED : InvitationEventType.LOCAL_REFUSED, inv,
                        response, 0));
            }
            if (accept && (caller == null || !caller.isAttached())) {
                // RTM F5: the caller cannot confirm the accept now (network interrupted) → ACCEPT_FAILURE
                callee.send(event(InvitationEventType.REMOTE_FAILURE, inv, response, 2));
                return;
            }
            callee.send(event(accept ? InvitationEventType.REMOTE_ACCEPTED : InvitationEventType.REMOTE_REFUSED, inv,
                    response, 0));
        }
    }

    /** Timers: offline retry, no receipt, expiry; only the invitations whose timer ran out are looked at. */
    public int sweep() {
        long now = time.nanoTime();
        return checks.pollDue(now, (inv, due) -> {
            synchronized (inv) {
                if (!inv.check.take(due)) {
                    return;
                }
                switch (inv.state) {
                    case PENDING_DELIVERY -> {
                        tryDeliver(inv);
                        if (inv.state == State.PENDING_DELIVERY && now - inv.sentNanos >= offlineRetryNanos) {
                            fail(inv, 1, 0); // PEER_OFFLINE
                        }
                    }
                    case DELIVERED -> {
                        if (now - inv.deliveredNanos >= noResponseNanos) {
                            fail(inv, 2, 0); // PEER_NO_RESPONSE
                        }
                    }
                    case RECEIVED -> {
                        if (now - inv.sentNanos >= expireNanos) {
                            fail(inv, 3, 3); // INVITATION_EXPIRE on both sides
                        }
                    }
                    case DONE -> remove(inv);
                }
                if (invitations.get(inv.id) == inv) {
                    schedule(inv);
                }
            }
        });
    }

    @Override
    public void sessionReady(Session session, boolean resumed) {
        for (Invitation inv : of(byCallee, session.key())) {
            synchronized (inv) {
                tryDeliver(inv);
            }
        }
    }

    @Override
    public void sessionEnded(Session session, SessionEndReason reason) {
        SessionKey key = session.key();
        if (registry.get(key.appId(), key.userId()) != null) {
            return; // the same user is logged in again (remote login): its invitations carry on
        }
        Set<Invitation> mine = new java.util.HashSet<>(of(byCaller, key));
        mine.addAll(of(byCallee, key));
        for (Invitation inv : mine) {
            synchronized (inv) {
                if (inv.state == State.DONE) {
                    continue;
                }
                if (inv.callerId.equals(session.userId())) {
                    boolean delivered = inv.state != State.PENDING_DELIVERY;
                    finish(inv);
                    if (delivered) {
                        toCallee(inv, event(InvitationEventType.REMOTE_CANCELED, inv, "", 0));
                    }
                } else if (inv.calleeId.equals(session.userId()) && inv.state != State.PENDING_DELIVERY) {
                    fail(inv, 1, 0); // callee went offline: PEER_OFFLINE for the caller
                }
            }
        }
    }

    /** Terminal failure: caller gets LOCAL_FAILURE(localCode); callee REMOTE_FAILURE(remoteCode) if non-zero. */
    private void fail(Invitation inv, int localCode, int remoteCode) {
        finish(inv);
        metrics.invitation("failure_" + localCode);
        feed.invitation(inv.appId, inv.callerId, inv.calleeId, "failure_" + localCode);
        toCaller(inv, event(InvitationEventType.LOCAL_FAILURE, inv, "", localCode));
        if (remoteCode != 0) {
            toCallee(inv, event(InvitationEventType.REMOTE_FAILURE, inv, "", remoteCode));
        }
    }

    private void finish(Invitation inv) {
        inv.state = State.DONE;
        schedule(inv);
    }

    private void toCaller(Invitation inv, ServerFrame f) {
        Session s = registry.get(inv.appId, inv.callerId);
        if (s != null) {
            s.send(f);
        }
    }

    private void toCallee(Invitation inv, ServerFrame f) {
        Session s = registry.get(inv.appId, inv.calleeId);
        if (s != null) {
            s.send(f);
        } else {
            cluster.toUser(inv.appId, inv.calleeId, f);
        }
    }

    /**
     * Cluster mode: a user's presence changed somewhere; if it is the callee of a delivered
     * invitation here and it is gone from the whole cluster, the caller gets PEER_OFFLINE.
     */
    @Override
    public void peerMaybeGone(String appId, String userId) {
        if (registry.get(appId, userId) != null) {
            return;
        }
        SessionKey key = new SessionKey(appId, userId);
        boolean watched = of(byCallee, key).stream()
                .anyMatch(inv -> inv.state == State.DELIVERED || inv.state == State.RECEIVED);
        if (!watched) {
            return;
        }
        cluster.isOnlineElsewhere(appId, userId).thenAccept(online -> {
            if (online) {
                return;
            }
            for (Invitation inv : of(byCallee, key)) {
                synchronized (inv) {
                    if (inv.state == State.DELIVERED || inv.state == State.RECEIVED) {
                        fail(inv, 1, 0); // PEER_OFFLINE
                    }
                }
            }
        });
    }

    @Override
    public void toLocalUser(String appId, String userId, ServerFrame frame) {
        Session s = registry.get(appId, userId);
        if (s != null) {
            s.send(frame);
        }
    }

    @Override
    public void ownerGone(String appId, String calleeId, int requestId) {
        Session s = registry.get(appId, calleeId);
        if (s != null) { // the caller's node is gone: the invitation ended with it
            s.send(Replies.error(requestId, ErrorCode.INVITATION_ALREADY_END, "the caller's node is gone"));
        }
    }

    private static boolean isCallee(Callee s, Invitation inv) {
        return inv.appId.equals(s.appId()) && inv.calleeId.equals(s.userId());
    }

    private static ServerFrame event(InvitationEventType type, Invitation inv, String response, int failureCode) {
        return ServerFrame.newBuilder().setInvitationEvent(InvitationEventPush.newBuilder().setType(type)
                .setInvitationId(inv.id).setCallerId(inv.callerId).setCalleeId(inv.calleeId).setContent(inv.content)
                .setChannelId(inv.channelId).setResponse(response).setFailureCode(failureCode)).build();
    }

    /** Set once by the composition root before the server starts. */
    private volatile io.parley.server.session.OperatorFeed feed = io.parley.server.session.OperatorFeed.NONE;

    /** Where invitation outcomes are reported with their users (the console's feed). Set before start. */
    public void feed(io.parley.server.session.OperatorFeed f) {
        this.feed = f;
    }

    public void metrics(io.parley.server.metrics.ParleyMetrics m) {
        this.metrics = m;
    }

    /** Invitations queued for a timer look (for tests: stale entries leave at their time). */
    int queuedChecks() {
        return checks.size();
    }

    public int activeCount() {
        return invitations.size();
    }

    private static void index(Map<SessionKey, Set<Invitation>> index, SessionKey key, Invitation inv) {
        index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(inv);
    }

    private static void unindex(Map<SessionKey, Set<Invitation>> index, SessionKey key, Invitation inv) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(inv);
            return set.isEmpty() ? null : set;
        });
    }

    private void remove(Invitation inv) {
        invitations.remove(inv.id);
        unindex(byCaller, new SessionKey(inv.appId, inv.callerId), inv);
        unindex(byCallee, new SessionKey(inv.appId, inv.calleeId), inv);
    }

    private static Set<Invitation> of(Map<SessionKey, Set<Invitation>> index, SessionKey key) {
        Set<Invitation> s = index.get(key);
        return s == null ? Collections.emptySet() : s;
    }

    private static int live(Set<Invitation> invitations) {
        if (invitations == null) {
            return 0;
        }
        int n = 0;
        for (Invitation inv : invitations) {
            if (inv.state != State.DONE) {
                n++;
            }
        }
        return n;
    }

    /** Users with invitations in the caller and callee indexes (for tests: the indexes empty out). */
    int indexedUsers() {
        return byCaller.size() + byCallee.size();
    }
}
