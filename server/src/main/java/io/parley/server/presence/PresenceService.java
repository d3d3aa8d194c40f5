package io.parley.server.presence;

import io.parley.protocol.Identifiers;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.PeerIdList;
import io.parley.protocol.v1.PeerOnlineState;
import io.parley.protocol.v1.PeerStatus;
import io.parley.protocol.v1.PeersOnlineStatus;
import io.parley.protocol.v1.PeersStatusChangedPush;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.cluster.ClusterPresence;
import io.parley.server.cluster.SingleNodePresence;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.session.Replies;
import io.parley.server.session.Session;
import io.parley.server.session.SessionEndReason;
import io.parley.server.session.SessionKey;
import io.parley.server.session.SessionListener;
import io.parley.server.session.SessionRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RTM presence: one-shot queries, and subscriptions whose changes are pushed only to their
 * subscribers (no polling, no broadcast). States: ONLINE; UNREACHABLE after 6 s without a packet
 * (reported to subscribers only — a query reports it as online); OFFLINE after logout or session
 * end. Limits: 256 ids per query, 512 per subscribe call and 512 subscribed in total (OVERFLOW).
 *
 * <p>Subscriptions belong to the subscriber's session: kept across its resume (missed pushes are
 * held by the session), dropped when it ends; the SDK re-subscribes after a fresh login. A state is
 * pushed to a subscriber only when it differs from the last one pushed for that user.
 */
public final class PresenceService implements SessionListener, ClusterPresence.Inbound {
    public static final int MAX_QUERY_IDS = 256;
    public static final int MAX_SUBSCRIBED = 512;

    private final SessionRegistry registry;
    private final SessionRateLimits limits;
    /** watched user → subscriber sessions. */
    private final Map<SessionKey, Set<Session>> watchers = new ConcurrentHashMap<>();
    /** subscriber session id → the user ids it watches (same app). */
    private final Map<String, Set<String>> watching = new ConcurrentHashMap<>();
    /** watched user → the state last pushed to its subscribers. */
    private final Map<SessionKey, PeerOnlineState> lastPushed = new ConcurrentHashMap<>();

    private final ClusterPresence cluster;

    /** A single node's: a user not here is offline. */
    public PresenceService(SessionRegistry registry, SessionRateLimits limits) {
        this(registry, limits, new SingleNodePresence());
    }

    /** {@code cluster}: the state of users not on this node, and announcements of changes elsewhere. */
    public PresenceService(SessionRegistry registry, SessionRateLimits limits, ClusterPresence cluster) {
        this.registry = registry;
        this.limits = limits;
        this.cluster = cluster;
        cluster.inbound(this);
    }

    // ---------------------------------------------------------------------------------- requests

    public void query(Session s, int rid, List<String> ids) {
        if (!admit(s, rid, ids, MAX_QUERY_IDS, Operation.PRESENCE_QUERY)) {
            return;
        }
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(ids));
        statesOf(s.appId(), unique).whenComplete((states, err) -> {
            if (err != null) {
                s.send(Replies.error(rid, ErrorCode.INTERNAL, "cluster directory unavailable"));
                return;
            }
            PeersOnlineStatus.Builder out = PeersOnlineStatus.newBuilder();
            for (int i = 0; i < unique.size(); i++) {
                // RTM's query answers ONLINE or OFFLINE: UNREACHABLE counts as online here
                out.addStatuses(status(unique.get(i), states.get(i) == PeerOnlineState.PEER_STATE_OFFLINE
                        ? PeerOnlineState.PEER_STATE_OFFLINE : PeerOnlineState.PEER_STATE_ONLINE));
            }
            s.send(Replies.ok(rid).setPeersOnlineStatus(out).build());
        });
    }

    /** States in {@code ids} order: local sessions directly, others (cluster mode) from the directory. */
    public CompletableFuture<List<PeerOnlineState>> statesOf(String appId, List<String> ids) {
        List<CompletableFuture<PeerOnlineState>> each = new ArrayList<>(ids.size());
        for (String id : ids) {
            PeerOnlineState local = stateOf(new SessionKey(appId, id));
            each.add(local != PeerOnlineState.PEER_STATE_OFFLINE
                    ? CompletableFuture.completedFuture(local) : cluster.stateOf(appId, id));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(x -> each.stream().map(CompletableFuture::join).toList());
    }

    public void subscribe(Session s, int rid, List<String> ids) {
        if (!admit(s, rid, ids, MAX_SUBSCRIBED, Operation.PRESENCE_SUBSCRIBE)) {
            return;
        }
        Set<String> mine = watching.computeIfAbsent(s.id(), k -> ConcurrentHashMap.newKeySet());
        PeersOnlineStatus.Builder current = PeersOnlineStatus.newBuilder();
        synchronized (mine) {
            Set<String> added = new LinkedHashSet<>(ids);
            added.removeAll(mine);
            if (mine.size() + added.size() > MAX_SUBSCRIBED) {
                s.send(Replies.error(rid, ErrorCode.OVERFLOW, "more than 512 subscribed users"));
                return;
            }
            for (String id : new LinkedHashSet<>(ids)) {
                SessionKey key = new SessionKey(s.appId(), id);
                if (mine.add(id)) {
                    watchers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(s);
                }
            }
        }
        if (s.isEnded()) {
            // the session ended meanwhile: its end's cleanup may have run before these were added,
            // even taken this set out of the map first
            unwatchAll(s);
            synchronized (mine) {
                for (String id : mine) {
                    unwatch(new SessionKey(s.appId(), id), s);
                }
            }
            return;
        }
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(ids));
        statesOf(s.appId(), unique).whenComplete((states, err) -> {
            if (err != null) {
                s.send(Replies.error(rid, ErrorCode.INTERNAL, "cluster directory unavailable"));
                return;
            }
            for (int i = 0; i < unique.size(); i++) {
                lastPushed.putIfAbsent(new SessionKey(s.appId(), unique.get(i)), states.get(i));
                current.addStatuses(status(unique.get(i), states.get(i)));
            }
            s.send(Replies.ok(rid).setPeersOnlineStatus(current).build());
        });
    }

    public void unsubscribe(Session s, int rid, List<String> ids) {
        if (!admit(s, rid, ids, MAX_SUBSCRIBED, Operation.PRESENCE_SUBSCRIBE)) {
            return;
        }
        Set<String> mine = watching.get(s.id());
        if (mine != null) {
            synchronized (mine) {
                for (String id : ids) {
                    if (mine.remove(id)) {
                        unwatch(new SessionKey(s.appId(), id), s);
                    }
                }
            }
        }
        s.send(Replies.ok(rid).build());
    }

    public void queryBySubscriptionOption(Session s, int rid, int option) {
        if (option != 0) {
            s.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "unknown subscription option"));
            return;
        }
        if (!limits.tryAcquire(s, Operation.PRESENCE_OPTION_QUERY)) {
            s.send(Replies.error(rid, ErrorCode.TOO_OFTEN, "option queries over budget"));
            return;
        }
        Set<String> mine = watching.getOrDefault(s.id(), Set.of());
        List<String> ids;
        synchronized (mine) {
            ids = new ArrayList<>(mine);
        }
        s.send(Replies.ok(rid).setPeerIdList(PeerIdList.newBuilder().addAllPeerIds(ids)).build());
    }

    // ---------------------------------------------------------------------------- state changes

    @Override
    public void sessionStarted(Session session) {
        changed(session.key());
    }

    @Override
    public void sessionResumed(Session session) {
        changed(session.key());
    }

    @Override
    public void sessionUnreachable(Session session) {
        changed(session.key());
    }

    @Override
    public void sessionReachable(Session session) {
        changed(session.key());
    }

    @Override
    public void sessionEnded(Session session, SessionEndReason reason) {
        unwatchAll(session);
        changed(session.key());
    }

    private void unwatchAll(Session session) {
        Set<String> mine = watching.remove(session.id());
        if (mine != null) {
            synchronized (mine) {
                for (String id : mine) {
                    unwatch(new SessionKey(session.appId(), id), session);
                }
            }
        }
    }

    /** Pushes the user's current state to its subscribers if it differs from the last push. */
    private void changed(SessionKey key) {
        Set<Session> subs = watchers.get(key);
        if (subs == null || subs.isEmpty()) {
            return;
        }
        PeerOnlineState local = stateOf(key);
        if (local == PeerOnlineState.PEER_STATE_OFFLINE) {
            remoteChanged(key); // not here: maybe on another node
            return;
        }
        push(key, subs, local);
    }

    @Override
    public void remoteChanged(String appId, String userId) {
        remoteChanged(new SessionKey(appId, userId));
    }

    /** The user's state may have changed on another node; re-read it and push a change. */
    private void remoteChanged(SessionKey key) {
        if (!watchers.containsKey(key) || stateOf(key) != PeerOnlineState.PEER_STATE_OFFLINE) {
            return; // nobody here watches, or the user is on this node (local events are authoritative)
        }
        cluster.stateOf(key.appId(), key.userId()).thenAccept(state -> {
            Set<Session> subs = watchers.get(key);
            if (subs != null) {
                push(key, subs, stateOf(key) != PeerOnlineState.PEER_STATE_OFFLINE ? stateOf(key) : state);
            }
        });
    }

    @Override
    public void recheckAll() {
        watchers.keySet().forEach(this::remoteChanged);
    }

    private void push(SessionKey key, Set<Session> subs, PeerOnlineState now) {
        // serialised per watched user so concurrent changes cannot reach subscribers out of order
        synchronized (subs) {
            if (now == lastPushed.put(key, now)) {
                return;
            }
            ServerFrame push = ServerFrame.newBuilder().setPeersStatusChanged(
                    PeersStatusChangedPush.newBuilder().addStatuses(status(key.userId(), now))).build();
            for (Session sub : subs) {
                sub.send(push);
            }
        }
    }

    /** ONLINE, UNREACHABLE (connection lost, session inside its resume window) or OFFLINE. */
    public PeerOnlineState stateOf(SessionKey key) {
        Session s = registry.get(key.appId(), key.userId());
        if (s == null) {
            return PeerOnlineState.PEER_STATE_OFFLINE;
        }
        return s.isUnreachable() ? PeerOnlineState.PEER_STATE_UNREACHABLE : PeerOnlineState.PEER_STATE_ONLINE;
    }

    private void unwatch(SessionKey key, Session subscriber) {
        watchers.computeIfPresent(key, (k, subs) -> {
            subs.remove(subscriber);
            if (subs.isEmpty()) {
                lastPushed.remove(k);
                return null;
            }
            return subs;
        });
    }

    /** 1..max valid ids and budget left, or the request is answered (INVALID_ARGUMENT / TOO_OFTEN). */
    private boolean admit(Session s, int rid, List<String> ids, int max, Operation op) {
        if (ids.isEmpty() || ids.size() > max || !allValid(ids)) {
            s.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "1-" + max + " valid user ids required"));
            return false;
        }
        if (!limits.tryAcquire(s, op)) {
            s.send(Replies.error(rid, ErrorCode.TOO_OFTEN, op.configKey() + " over budget"));
            return false;
        }
        return true;
    }

    private static boolean allValid(List<String> ids) {
        for (String id : ids) {
            if (!Identifiers.isValidUserId(id)) {
                return false;
            }
        }
        return true;
    }

    private static PeerStatus status(String id, PeerOnlineState state) {
        return PeerStatus.newBuilder().setPeerId(id).setState(state).build();
    }

    /** Sessions with subscriptions, and users watched (live state, for tests and diagnostics). */
    public int subscribedSessions() {
        return watching.size() + watchers.values().stream().mapToInt(Set::size).sum();
    }
}
