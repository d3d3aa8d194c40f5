package io.parley.server.messaging;

import com.google.protobuf.ByteString;
import io.parley.protocol.Identifiers;
import io.parley.protocol.MessageRules;
import io.parley.protocol.peer.EncodedBody;
import io.parley.protocol.peer.MessageBodies;
import io.parley.protocol.peer.PeerFrames;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.SendPeerMessage;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.cluster.ClusterPeers;
import io.parley.server.cluster.SingleNodePeers;
import io.parley.server.metrics.ParleyMetrics;
import io.parley.server.history.MessageArchive;
import io.parley.server.messaging.Pending.FromNode;
import io.parley.server.messaging.Pending.FromServer;
import io.parley.server.messaging.Pending.FromSession;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.session.EncodedFrame;
import io.parley.server.session.Replies;
import io.parley.server.session.Session;
import io.parley.server.session.SessionEndReason;
import io.parley.server.session.OperatorFeed;
import io.parley.server.session.SessionListener;
import io.parley.server.session.SessionRegistry;
import io.parley.server.store.OfflineStore;
import io.parley.server.time.DeadlineQueue;
import io.parley.server.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer-to-peer messages with RTM's promise: the sender's reply is OK only once the recipient's
 * SDK acknowledged the push; every other outcome is a code (PEER_UNREACHABLE, CACHED_BY_SERVER,
 * TIMEOUT, TOO_OFTEN, INVALID_USER_ID, INVALID_MESSAGE, FAILURE). Each request is answered exactly
 * once.
 *
 * <p>A push waits in the recipient session's outbox until acked: it survives the recipient's
 * reconnect (re-sent on resume) and the sender's (the reply is held by the sender's session).
 * After {@code ackTimeout} the sender gets TIMEOUT but the push stays queued for delivery. When
 * the recipient's session ends, its unacked pushes move to the user's new session (remote login;
 * on another node, they are routed there once more), or to the offline store if the sender allowed
 * it (CACHED_BY_SERVER), or the sender is told PEER_UNREACHABLE — nothing is dropped without the
 * sender knowing.
 *
 * <p>Offline messages are delivered after each fresh login ({@link #loggedIn}) and removed from
 * the store when acked. Only the recipient's own session can ack its messages.
 */
public final class PeerMessagingService implements SessionListener, ClusterPeers.Inbound {
    private static final Logger log = LoggerFactory.getLogger(PeerMessagingService.class);
    private static final String INVALID_MESSAGE = "empty, over 32 KB, or TEXT with a payload";

    /** How a server-originated peer message ended: OK (acked by the recipient) or the failure code. */
    public record PeerOutcome(ErrorCode code, String detail, long messageId, long serverReceivedTs, boolean awaitingAck) {
    }

    private final SessionRegistry registry;
    private final OfflineStore store;
    private final TimeSource time;
    private final SessionRateLimits limits;
    private final long ackTimeoutNanos;
    private final DeadlineQueue<Session> ackChecks = new DeadlineQueue<>();
    private final int maxUnacked;
    private final AtomicLong ids;
    /**
     * Messages handed to another node, awaiting its report. A message for a local user waits in the
     * recipient session's outbox instead, its {@link Pending} (or {@link OfflineDelivery.StoredRef}) attached as the
     * ticket that the ack returns: no shared map on the per-message path.
     */
    private final Map<Long, Pending> handedToNodes = new ConcurrentHashMap<>();
    private final OfflineDelivery offline;
    private volatile ParleyMetrics metrics = ParleyMetrics.NOOP;
    private final ClusterPeers cluster;

    private final MessageArchive archive;
    private volatile OperatorFeed feed = OperatorFeed.NONE;

    /** Where accepted messages are shown while an operator watches (the console). Set before start. */
    public void feed(OperatorFeed f) {
        this.feed = f;
    }

    public PeerMessagingService(SessionRegistry registry, OfflineStore store, TimeSource time, SessionRateLimits limits,
                                Duration ackTimeout, int maxUnacked) {
        this(registry, store, time, limits, ackTimeout, maxUnacked, MessageArchive.NONE);
    }

    /** A single node's: no user is elsewhere. @param archive where messages sent with the history option are kept */
    public PeerMessagingService(SessionRegistry registry, OfflineStore store, TimeSource time, SessionRateLimits limits,
                                Duration ackTimeout, int maxUnacked, MessageArchive archive) {
        this(registry, store, time, limits, ackTimeout, maxUnacked, archive, new SingleNodePeers());
    }

    /** @param cluster how users on other nodes are found and reached (and messages from other nodes arrive) */
    public PeerMessagingService(SessionRegistry registry, OfflineStore store, TimeSource time, SessionRateLimits limits,
                                Duration ackTimeout, int maxUnacked, MessageArchive archive, ClusterPeers cluster) {
        this.cluster = cluster;
        this.archive = archive;
        this.registry = registry;
        this.store = store;
        this.time = time;
        this.limits = limits;
        this.ackTimeoutNanos = ackTimeout.toNanos();
        this.maxUnacked = maxUnacked;
        // ids unique across restarts of this node in practice; the SDK de-duplicates per session
        this.ids = new AtomicLong(time.currentTimeMillis() << 16);
        this.offline = new OfflineDelivery(registry, store, cluster, ids, maxUnacked);
        cluster.inbound(this);
    }

    // ------------------------------------------------------------------------------------ send

    public void send(Session sender, int requestId, SendPeerMessage req) {
        send(sender, requestId, req.getPeerId(), EncodedBody.of(req.getBody()), req.getEnableOfflineMessaging(),
                req.getEnableHistoricalMessaging(), time.nanoTime());
    }

    /**
     * A client's peer message; {@code body} is passed on to the push as it came (no decoding of
     * the text). {@code historical}: also keep it for the history API. {@code nowNanos}: the clock
     * as read for the request's frame.
     */
    public void send(Session sender, int requestId, String peerId, EncodedBody body, boolean offlineAllowed,
                     boolean historical, long nowNanos) {
        if (!Identifiers.isValidUserId(peerId)) {
            answer(sender, requestId, ErrorCode.INVALID_USER_ID, "invalid peer id");
            return;
        }
        if (!MessageRules.isValidSize(body.type(), body.textBytes(), body.rawBytes())) {
            metrics.invalidMessage("peer");
            answer(sender, requestId, ErrorCode.INVALID_MESSAGE, INVALID_MESSAGE);
            return;
        }
        if (!limits.tryAcquire(sender, Operation.MESSAGE)) {
            answer(sender, requestId, ErrorCode.TOO_OFTEN, "message send budget exceeded");
            return;
        }
        PeerMessage message = new PeerMessage(sender.userId(), sender.userIdBytes(), body, time.currentTimeMillis());
        OperatorFeed f = feed;
        boolean watched = f.watchingMessages();
        if (historical || watched) { // rare: only then is the body decoded, once for both
            MessageBody decoded = body.decode();
            if (historical) {
                archive.peer(sender.appId(), sender.userId(), peerId, decoded, message.serverReceivedTs());
            }
            if (watched) {
                f.message(sender.appId(), sender.userId(), peerId, false, decoded);
            }
        }
        route(sender.appId(), peerId, new FromSession(sender, requestId, message, offlineAllowed,
                nowNanos + ackTimeoutNanos));
    }

    /**
     * A peer message from the server (admin API) on behalf of {@code fromUserId}, with the same
     * outcomes as a client's: OK once the recipient acked, or the failure code. No send budget.
     */
    public CompletableFuture<PeerOutcome> sendFromServer(String appId, String fromUserId, String peerId, MessageBody body,
                                                         boolean offlineAllowed) {
        return sendFromServer(appId, fromUserId, peerId, body, offlineAllowed, true, false);
    }

    /**
     * Like {@link #sendFromServer(String, String, String, MessageBody, boolean)}; unless
     * {@code waitForAck} the future completes once the push is queued for an online recipient
     * (OK with {@code awaitingAck}), and {@code historical} keeps the message for the history API.
     */
    public CompletableFuture<PeerOutcome> sendFromServer(String appId, String fromUserId, String peerId, MessageBody body,
                                                         boolean offlineAllowed, boolean waitForAck, boolean historical) {
        long now = time.currentTimeMillis();
        if (!Identifiers.isValidUserId(peerId)) {
            return CompletableFuture.completedFuture(new PeerOutcome(ErrorCode.INVALID_USER_ID, "invalid peer id", 0, now, false));
        }
        if (!Identifiers.isValidUserId(fromUserId)) {
            return CompletableFuture.completedFuture(new PeerOutcome(ErrorCode.INVALID_USER_ID, "invalid sender id", 0, now, false));
        }
        if (!MessageBodies.isValid(body)) {
            return CompletableFuture.completedFuture(new PeerOutcome(ErrorCode.INVALID_MESSAGE, INVALID_MESSAGE, 0, now, false));
        }
        FromServer p = new FromServer(new PeerMessage(fromUserId, EncodedBody.of(body), now), offlineAllowed,
                time.nanoTime() + ackTimeoutNanos, waitForAck);
        if (historical) {
            archive.peer(appId, fromUserId, peerId, body, now);
        }
        route(appId, peerId, p);
        return p.outcome;
    }

    private void route(String appId, String peerId, Pending p) {
        Session recipient = registry.get(appId, peerId);
        if (recipient == null) {
            routeRemote(appId, peerId, p); // another node's, or offline
            return;
        }
        routeLocal(appId, peerId, p, recipient);
    }

    private void routeRemote(String appId, String peerId, Pending p) {
        ClusterPeers r = cluster;
        r.locate(appId, peerId).whenComplete((node, err) -> {
            if (err != null) {
                log.warn("cluster directory unavailable: {}", err.toString());
                answer(p, ErrorCode.INTERNAL, "cluster directory unavailable");
                return;
            }
            if (node == null) {
                routeLocal(appId, peerId, p, registry.get(appId, peerId)); // may have logged in here meanwhile
                return;
            }
            long id = ids.incrementAndGet();
            p.routedApp = appId;
            p.routedPeer = peerId;
            handedToNodes.put(id, p);
            PeerMessage m = p.message;
            r.deliver(node, id, appId, peerId, m.from(), m.body(), m.serverReceivedTs(), p.offlineAllowed)
                    .whenComplete((handed, e) -> {
                        if ((e != null || !Boolean.TRUE.equals(handed)) && handedToNodes.remove(id, p)) {
                            r.forget(appId, peerId);
                            offline(appId, peerId, p); // that node is gone: the user is offline
                        } else if (p instanceof FromServer fs) {
                            fs.queued(id);
                        }
                    });
        });
    }

    /** A message another node routed here for one of our users. */
    @Override
    public void deliverFromNode(String originNode, long originId, String appId, String toUserId, String fromUserId,
                                byte[] encodedBody, long serverReceivedTs, boolean offlineAllowed) {
        EncodedBody body = PeerFrames.readBody(encodedBody); // passed through as the origin checked it: read, not decoded
        FromNode p = new FromNode(cluster, originNode, originId, new PeerMessage(fromUserId,
                body != null ? body : EncodedBody.of(MessageBody.getDefaultInstance()), serverReceivedTs),
                offlineAllowed, time.nanoTime() + ackTimeoutNanos);
        if (body == null || !MessageRules.isValidSize(body.type(), body.textBytes(), body.rawBytes())
                || !Identifiers.isValidUserId(fromUserId)) {
            // the origin checked it; a node that did not (an older version, a bad actor on Redis) is refused
            log.warn("refusing a peer message from node {} that breaks the RTM rules", originNode);
            metrics.invalidMessage("node");
            answer(p, ErrorCode.INVALID_MESSAGE, INVALID_MESSAGE);
            return;
        }
        Session recipient = registry.get(appId, toUserId);
        if (recipient == null && p.claim()) {
            cluster.notHere(originNode, originId); // the origin's route was stale: it looks the user up again
            return;
        }
        routeLocal(appId, toUserId, p, recipient);
    }

    /**
     * A node this one handed a message to says the recipient is not logged in there (a stale route):
     * look the user up again, once; a second miss routes as for a user who is not online anywhere.
     */
    @Override
    public void notHere(long originId) {
        Pending p = handedToNodes.remove(originId);
        if (p == null) {
            return;
        }
        cluster.forget(p.routedApp, p.routedPeer);
        if (p.rerouted) {
            offline(p.routedApp, p.routedPeer, p);
            return;
        }
        p.rerouted = true;
        route(p.routedApp, p.routedPeer, p);
    }

    /** The outcome another node reported for a message this node handed to it. */
    @Override
    public void remoteOutcome(long originId, ErrorCode code, String detail) {
        Pending p = handedToNodes.remove(originId);
        if (p == null) {
            return;
        }
        if (code == ErrorCode.OK) {
            if (p.claim()) {
                metrics.peerMessage(ErrorCode.OK);
                metrics.peerDeliveryLatency(time.nanoTime() - (p.deadlineNanos - ackTimeoutNanos));
                p.answer(ErrorCode.OK, "", originId);
            }
        } else {
            answer(p, code, detail);
        }
    }

    private void routeLocal(String appId, String peerId, Pending p, Session recipient) {
        if (recipient == null) {
            offline(appId, peerId, p);
            return;
        }
        long id = ids.incrementAndGet();
        PeerMessage message = p.message;
        switch (recipient.deliverPeerMessage(id, push(id, message.fromBytes(), message.body(), message.serverReceivedTs(), false),
                p, maxUnacked)) {
            case QUEUED -> {
                // the reply comes with the ack, a timeout, or the recipient's session end
                ackCheck(recipient, p.deadlineNanos);
                if (p instanceof FromServer fs) {
                    fs.queued(id);
                }
            }
            case BACKLOG_FULL -> {
                answer(p, ErrorCode.INTERNAL, "recipient has too many unacknowledged messages");
            }
            case ENDED -> {
                offline(appId, peerId, p);
            }
        }
    }

    private void offline(String appId, String peerId, Pending p) {
        if (!p.offlineAllowed) {
            answer(p, ErrorCode.PEER_UNREACHABLE, "peer is offline");
            return;
        }
        if (p instanceof FromSession s && !limits.tryAcquire(s.sender, Operation.OFFLINE_MESSAGE)) {
            answer(p, ErrorCode.TOO_OFTEN, "too many messages stored for offline peers");
            return;
        }
        store.append(appId, peerId, p.message.stored()).whenComplete((stored, err) -> {
            if (err != null) {
                storeFailed(p, err);
                return;
            }
            log.debug("stored seq={} for app={} user={} from {}", stored.seq(), appId, peerId, p.message.from());
            answer(p, ErrorCode.CACHED_BY_SERVER, "peer is offline; message stored");
            offline.storedFor(appId, peerId);
        });
    }

    // ------------------------------------------------------------------------------------- ack

    /** DeliveryAck from {@code recipient}'s SDK. Ids that are not its own unacked messages are ignored. */
    public void ack(Session recipient, List<Long> messageIds) {
        ack(recipient, messageIds, time.nanoTime());
    }

    /** Like {@link #ack(Session, List)} with the clock already read for this frame. */
    public void ack(Session recipient, List<Long> messageIds, long nowNanos) {
        long[] ids = new long[messageIds.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = messageIds.get(i);
        }
        ack(recipient, ids, nowNanos);
    }

    /** Like {@link #ack(Session, List, long)} with the ids as read off the wire ({@code PeerFrames}). */
    public void ack(Session recipient, long[] messageIds, long nowNanos) {
        List<Long> storedDone = null;
        for (long id : messageIds) {
            Object ticket = recipient.ackPeerMessage(id);
            if (ticket instanceof Pending p) {
                if (p.claim()) {
                    if (p.countedHere()) {
                        metrics.peerMessage(ErrorCode.OK);
                        metrics.peerDeliveryLatency(nowNanos - (p.deadlineNanos - ackTimeoutNanos));
                    }
                    p.answer(ErrorCode.OK, "", id);
                }
            } else if (ticket instanceof OfflineDelivery.StoredRef ref) {
                offline.settled(ref);
                if (storedDone == null) {
                    storedDone = new ArrayList<>();
                }
                storedDone.add(ref.seq());
            }
        }
        if (storedDone != null) {
            store.remove(recipient.appId(), recipient.userId(), storedDone);
        }
    }

    /**
     * Answers TIMEOUT for pushes not acked within the ack timeout (they stay queued for delivery).
     * Only recipients with a push due are looked at: each has one check queued, at its oldest
     * unanswered push's deadline. Returns how many recipients it looked at.
     */
    public int sweep() {
        long now = time.nanoTime();
        int looked = ackChecks.pollDue(now, (s, due) -> {
            if (s.ackCheck().take(due)) {
                checkAcks(s, now);
            }
        });
        for (Map.Entry<Long, Pending> e : handedToNodes.entrySet()) {
            Pending p = e.getValue();
            if (now - p.deadlineNanos >= 0 && !p.answered()) {
                answer(p, ErrorCode.TIMEOUT, "peer did not acknowledge in time");
            } else if (now - p.deadlineNanos >= ackTimeoutNanos) {
                handedToNodes.remove(e.getKey(), p); // the other node never reported back (it died): stop waiting
            }
        }
        return looked;
    }

    private void checkAcks(Session recipient, long now) {
        boolean waiting = false;
        long next = 0;
        for (Object ticket : recipient.unackedTickets()) { // a snapshot: answering takes the sender's lock
            if (ticket instanceof Pending p && !p.answered()) {
                if (now - p.deadlineNanos >= 0) {
                    answer(p, ErrorCode.TIMEOUT, "peer did not acknowledge in time");
                } else if (!waiting || p.deadlineNanos - next < 0) {
                    waiting = true;
                    next = p.deadlineNanos;
                }
            }
        }
        if (waiting) {
            ackCheck(recipient, next);
        }
    }

    /** Makes sure the recipient is looked at by {@code deadlineNanos} (a no-op when a check is queued by then). */
    private void ackCheck(Session recipient, long deadlineNanos) {
        if (recipient.ackCheck().request(deadlineNanos)) {
            ackChecks.add(recipient, deadlineNanos);
        }
    }

    /** Peer messages sent through this node awaiting the recipient's ack (including those already answered TIMEOUT). */
    public int pendingCount() {
        int n = 0;
        for (Session s : registry.all()) {
            for (Object ticket : s.unackedTickets()) {
                if (ticket instanceof Pending) {
                    n++;
                }
            }
        }
        return n + handedToNodes.size();
    }

    // ------------------------------------------------------------------------- offline delivery

    /** After a fresh login's reply was queued: push the user's stored messages. */
    public void loggedIn(Session session, boolean resumed) {
        if (resumed) {
            session.flushOutbox();
        } else {
            offline.deliver(session);
        }
    }

    /** Another node stored a message for a user of this node ({@link ClusterPeers#stored}). */
    @Override
    public void storedElsewhere(String appId, String userId) {
        boolean here = offline.deliverIfHere(appId, userId);
        log.debug("another node stored a message for app={} user={}; logged in here: {}", appId, userId, here);
    }

    // ---------------------------------------------------------------------------- session end

    @Override
    public void sessionEnded(Session session, SessionEndReason reason) {
        Map<Long, Session.Unacked> unacked = session.drainUnacked();
        if (unacked.isEmpty()) {
            return;
        }
        Session successor = registry.get(session.appId(), session.userId());
        for (Map.Entry<Long, Session.Unacked> e : unacked.entrySet()) {
            long id = e.getKey();
            Object ticket = e.getValue().ticket();
            if (ticket instanceof OfflineDelivery.StoredRef ref) {
                offline.settled(ref);
                continue; // still in the store: delivered at the next login
            }
            if (successor != null && successor != session && successor.deliverPeerMessage(id, e.getValue().push(), ticket,
                    maxUnacked) == Session.PeerDelivery.QUEUED) {
                if (ticket instanceof Pending p) {
                    ackCheck(successor, p.deadlineNanos);
                }
                continue; // same user logged in elsewhere: the new session gets it, the sender still waits
            }
            if (!(ticket instanceof Pending p)) {
                continue;
            }
            if (p.offlineAllowed) {
                store.append(session.appId(), session.userId(), p.message.stored()).whenComplete((stored, err) -> {
                    if (err == null) {
                        log.debug("stored seq={} for app={} user={} from {} (its session {} ended)", stored.seq(),
                                session.appId(), session.userId(), p.message.from(), session.id());
                        answer(p, ErrorCode.CACHED_BY_SERVER, "peer went offline; message stored");
                        offline.storedFor(session.appId(), session.userId());
                    } else {
                        storeFailed(p, err);
                    }
                });
            } else if (reason == SessionEndReason.REMOTE_LOGIN) {
                followToOtherNode(session.appId(), session.userId(), p);
            } else {
                answer(p, ErrorCode.PEER_UNREACHABLE, "peer went offline before receiving");
            }
        }
    }

    /**
     * The recipient logged in on another node while {@code p} waited for its ack here (that login's
     * reply can reach the client before this node ends the old session): the message follows the
     * user, looked up once more, instead of being answered as if the user were offline. A message
     * handed over by another node goes back to it as "not here", which looks the user up again.
     */
    private void followToOtherNode(String appId, String userId, Pending p) {
        if (p instanceof FromNode n) {
            if (p.claim()) {
                cluster.notHere(n.originNode, n.originId);
            }
            return;
        }
        if (p.rerouted) {
            answer(p, ErrorCode.PEER_UNREACHABLE, "peer went offline before receiving");
            return;
        }
        p.rerouted = true;
        cluster.forget(appId, userId);
        routeRemote(appId, userId, p);
    }

    /** A store that sheds load answers TOO_OFTEN (the sender may retry); any other failure is INTERNAL. */
    private void storeFailed(Pending p, Throwable err) {
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                ? err.getCause() : err;
        if (cause instanceof io.parley.server.store.RocksDbOfflineStore.StoreBusyException) {
            answer(p, ErrorCode.TOO_OFTEN, "offline store busy");
            return;
        }
        if (cause instanceof io.parley.server.store.RocksDbOfflineStore.StoreFullException) {
            log.warn("offline store full: {}", cause.getMessage());
            answer(p, ErrorCode.INTERNAL, "offline store full for this app");
            return;
        }
        log.error("offline store append failed", err);
        answer(p, ErrorCode.INTERNAL, "offline store unavailable");
    }

    private void answer(Session sender, int requestId, ErrorCode code, String message) {
        metrics.peerMessage(code);
        sender.send(Replies.error(requestId, code, message));
    }

    /** Answers {@code p} with a failure unless it already had its answer. */
    private void answer(Pending p, ErrorCode code, String detail) {
        if (!p.claim()) {
            return;
        }
        if (p.countedHere()) {
            metrics.peerMessage(code);
        }
        p.answer(code, detail, 0);
    }

    /** Set once by the composition root before the server starts. */
    public void metrics(ParleyMetrics m) {
        this.metrics = m;
        offline.metrics(m);
    }

    /** The push as the bytes written to the recipient: kept in its outbox until acked, re-sent on resume. */
    static EncodedFrame push(long id, ByteString from, EncodedBody body, long serverReceivedTs, boolean offline) {
        return new EncodedFrame(PeerFrames.encodePush(id, from, body, serverReceivedTs, offline),
                ServerFrame.BodyCase.PEER_MESSAGE);
    }
}
