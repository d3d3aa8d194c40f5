package io.parley.rtm.internal;

import io.parley.protocol.Identifiers;
import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.ErrorCode;
import io.parley.rtm.internal.wire.PeerStatus;
import io.parley.rtm.internal.wire.PeersOnlineStatus;
import io.parley.rtm.internal.wire.QueryPeersBySubscriptionOption;
import io.parley.rtm.internal.wire.QueryPeersOnlineStatus;
import io.parley.rtm.internal.wire.ServerFrame;
import io.parley.rtm.internal.wire.SubscribePeersOnlineStatus;
import io.parley.rtm.internal.wire.UnsubscribePeersOnlineStatus;
import io.parley.rtm.PeerOnlineState;
import io.parley.rtm.PeerSubscriptionOption;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmStatusCode.PeerSubscriptionStatusError;
import io.parley.rtm.RtmStatusCode.QueryPeersBySubscriptionOptionError;
import io.parley.rtm.RtmStatusCode.QueryPeersOnlineStatusError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * Presence in the SDK. Keeps the subscribed ids and their last reported states, so that after a
 * reconnect onto a fresh server session it re-subscribes and reports only what changed meanwhile
 * (after a resume the server itself delivers the pushes it held). Subscriptions are forgotten at
 * logout.
 */
final class Presence {
    static final int MAX_QUERY = 256;
    static final int MAX_SUBSCRIBE = 512;
    private static final long QUERY_TIMEOUT_MILLIS = 10_000;
    private static final long OPTION_TIMEOUT_MILLIS = 5_000;
    private static final int NOT_LOGGED_IN = 102; // the same value in every group

    private final ConnectionManager manager;
    private final RtmClientListener listener;
    private final Executor callbacks;
    /** subscribed id → last state reported to the app; guarded by itself. */
    private final Map<String, Integer> known = new LinkedHashMap<>();

    Presence(ConnectionManager manager, RtmClientListener listener, Executor callbacks) {
        this.manager = manager;
        this.listener = listener;
        this.callbacks = callbacks;
    }

    void query(Set<String> ids, ResultCallback<Map<String, Boolean>> cb) {
        Class<?> g = QueryPeersOnlineStatusError.class;
        if (!valid(ids, MAX_QUERY)) {
            Callbacks.failure(callbacks, cb, g, QueryPeersOnlineStatusError.QUERY_PEERS_ONLINE_STATUS_ERR_INVALID_ARGUMENT);
            return;
        }
        List<String> order = new ArrayList<>(ids);
        manager.request(ClientFrame.newBuilder().setQueryPeersOnlineStatus(
                QueryPeersOnlineStatus.newBuilder().addAllPeerIds(order)), QUERY_TIMEOUT_MILLIS).whenComplete((reply, err) -> {
                    int code = code(reply, err, QueryPeersOnlineStatusError.QUERY_PEERS_ONLINE_STATUS_ERR_TOO_OFTEN,
                            QueryPeersOnlineStatusError.QUERY_PEERS_ONLINE_STATUS_ERR_TIMEOUT,
                            QueryPeersOnlineStatusError.QUERY_PEERS_ONLINE_STATUS_ERR_INVALID_ARGUMENT, -1,
                            QueryPeersOnlineStatusError.QUERY_PEERS_ONLINE_STATUS_ERR_FAILURE);
                    if (code != 0) {
                        Callbacks.failure(callbacks, cb, g, code);
                        return;
                    }
                    Map<String, Integer> states = states(reply.getPeersOnlineStatus());
                    Map<String, Boolean> result = new LinkedHashMap<>();
                    for (String id : order) {
                        Integer s = states.get(id);
                        result.put(id, s != null && s != PeerOnlineState.OFFLINE);
                    }
                    Callbacks.success(callbacks, cb, result);
                });
    }

    void subscribe(Set<String> ids, ResultCallback<Void> cb) {
        Class<?> g = PeerSubscriptionStatusError.class;
        if (!valid(ids, MAX_SUBSCRIBE)) {
            Callbacks.failure(callbacks, cb, g, PeerSubscriptionStatusError.PEER_SUBSCRIPTION_STATUS_ERR_INVALID_ARGUMENT);
            return;
        }
        // handled on the I/O thread before any status push that follows the reply (see request(..., onReply))
        manager.request(ClientFrame.newBuilder().setSubscribePeersOnlineStatus(
                SubscribePeersOnlineStatus.newBuilder().addAllPeerIds(ids)), QUERY_TIMEOUT_MILLIS, (reply, err) -> {
                    int code = subscriptionCode(reply, err);
                    if (code != 0) {
                        Callbacks.failure(callbacks, cb, g, code);
                        return;
                    }
                    Map<String, Integer> states = states(reply.getPeersOnlineStatus());
                    synchronized (known) {
                        known.putAll(states);
                        Callbacks.success(callbacks, cb, null);
                        callbacks.execute(() -> listener.onPeersOnlineStatusChanged(states));
                    }
                });
    }

    void unsubscribe(Set<String> ids, ResultCallback<Void> cb) {
        if (!valid(ids, MAX_SUBSCRIBE)) {
            Callbacks.failure(callbacks, cb, PeerSubscriptionStatusError.class,
                    PeerSubscriptionStatusError.PEER_SUBSCRIPTION_STATUS_ERR_INVALID_ARGUMENT);
            return;
        }
        manager.request(ClientFrame.newBuilder().setUnsubscribePeersOnlineStatus(
                UnsubscribePeersOnlineStatus.newBuilder().addAllPeerIds(ids)), QUERY_TIMEOUT_MILLIS).whenComplete((reply, err) -> {
                    int code = subscriptionCode(reply, err);
                    if (code != 0) {
                        Callbacks.failure(callbacks, cb, PeerSubscriptionStatusError.class, code);
                        return;
                    }
                    synchronized (known) {
                        ids.forEach(known::remove);
                    }
                    Callbacks.success(callbacks, cb, null);
                });
    }

    void queryBySubscriptionOption(Integer option, ResultCallback<Set<String>> cb) {
        Class<?> g = QueryPeersBySubscriptionOptionError.class;
        if (option == null || option != PeerSubscriptionOption.ONLINE) {
            Callbacks.failure(callbacks, cb, g, QueryPeersBySubscriptionOptionError.QUERY_PEERS_BY_SUBSCRIPTION_OPTION_ERR_FAILURE);
            return;
        }
        manager.request(ClientFrame.newBuilder().setQueryPeersBySubscriptionOption(
                QueryPeersBySubscriptionOption.newBuilder().setOption(option)), OPTION_TIMEOUT_MILLIS).whenComplete((reply, err) -> {
                    int code = code(reply, err, QueryPeersBySubscriptionOptionError.QUERY_PEERS_BY_SUBSCRIPTION_OPTION_ERR_TOO_OFTEN,
                            QueryPeersBySubscriptionOptionError.QUERY_PEERS_BY_SUBSCRIPTION_OPTION_ERR_TIMEOUT, -1, -1,
                            QueryPeersBySubscriptionOptionError.QUERY_PEERS_BY_SUBSCRIPTION_OPTION_ERR_FAILURE);
                    if (code != 0) {
                        Callbacks.failure(callbacks, cb, g, code);
                    } else {
                        Callbacks.success(callbacks, cb, new LinkedHashSet<>(reply.getPeerIdList().getPeerIdsList()));
                    }
                });
    }

    /** A status push, on an I/O thread: report the subscribed ids whose state changed. */
    void changed(ServerFrame push) {
        Map<String, Integer> changed = new LinkedHashMap<>();
        synchronized (known) {
            for (PeerStatus s : push.getPeersStatusChanged().getStatusesList()) {
                Integer before = known.get(s.getPeerId());
                if (before != null && before != s.getStateValue()) {
                    known.put(s.getPeerId(), s.getStateValue());
                    changed.put(s.getPeerId(), s.getStateValue());
                }
            }
            if (!changed.isEmpty()) {
                callbacks.execute(() -> listener.onPeersOnlineStatusChanged(changed));
            }
        }
    }

    /** Reconnected onto a fresh server session: subscribe again and report what changed meanwhile. */
    void restore() {
        List<String> ids;
        synchronized (known) {
            ids = new ArrayList<>(known.keySet());
        }
        for (int i = 0; i < ids.size(); i += MAX_SUBSCRIBE) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + MAX_SUBSCRIBE));
            manager.request(ClientFrame.newBuilder().setSubscribePeersOnlineStatus(
                    SubscribePeersOnlineStatus.newBuilder().addAllPeerIds(chunk)), QUERY_TIMEOUT_MILLIS, (reply, err) -> {
                        if (err != null || reply.getStatus().getCode() != ErrorCode.OK) {
                            return;
                        }
                        Map<String, Integer> changed = new LinkedHashMap<>();
                        synchronized (known) {
                            states(reply.getPeersOnlineStatus()).forEach((id, st) -> {
                                Integer before = known.get(id);
                                if (before != null && !before.equals(st)) {
                                    known.put(id, st);
                                    changed.put(id, st);
                                }
                            });
                            if (!changed.isEmpty()) {
                                callbacks.execute(() -> listener.onPeersOnlineStatusChanged(changed));
                            }
                        }
                    });
        }
    }

    void clear() {
        synchronized (known) {
            known.clear();
        }
    }

    private static boolean valid(Set<String> ids, int max) {
        if (ids == null || ids.isEmpty() || ids.size() > max) {
            return false;
        }
        for (String id : ids) {
            if (!Identifiers.isValidUserId(id)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Integer> states(PeersOnlineStatus statuses) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (PeerStatus s : statuses.getStatusesList()) {
            out.put(s.getPeerId(), s.getStateValue());
        }
        return out;
    }

    private static int subscriptionCode(ServerFrame reply, Throwable err) {
        return code(reply, err, PeerSubscriptionStatusError.PEER_SUBSCRIPTION_STATUS_ERR_TOO_OFTEN,
                PeerSubscriptionStatusError.PEER_SUBSCRIPTION_STATUS_ERR_TIMEOUT,
                PeerSubscriptionStatusError.PEER_SUBSCRIPTION_STATUS_ERR_INVALID_ARGUMENT,
                PeerSubscriptionStatusError.PEER_SUBSCRIPTION_STATUS_ERR_OVERFLOW,
                PeerSubscriptionStatusError.PEER_SUBSCRIPTION_STATUS_ERR_FAILURE);
    }

    /** 0 on success, else the group's code; -1 for "this group has no such code" (→ failure). */
    static int code(ServerFrame reply, Throwable err, int tooOften, int timeout, int invalid, int overflow, int failure) {
        if (err != null) {
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (t instanceof ConnectionManager.NotConnectedException) {
                return NOT_LOGGED_IN;
            }
            return t instanceof TimeoutException ? timeout : failure;
        }
        switch (reply.getStatus().getCode()) {
            case OK:
                return 0;
            case TOO_OFTEN:
                return tooOften;
            case TIMEOUT:
                return timeout;
            case INVALID_ARGUMENT:
            case INVALID_USER_ID:
                return invalid >= 0 ? invalid : failure;
            case OVERFLOW:
                return overflow >= 0 ? overflow : failure;
            case NOT_LOGGED_IN:
                return NOT_LOGGED_IN;
            default:
                return failure;
        }
    }
}
