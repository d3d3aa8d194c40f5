package io.parley.rtm.internal;

import io.parley.protocol.FrameLimits;
import io.parley.protocol.Identifiers;
import io.parley.rtm.internal.wire.AcceptInvitation;
import io.parley.rtm.internal.wire.CancelInvitation;
import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.ErrorCode;
import io.parley.rtm.internal.wire.InvitationEventPush;
import io.parley.rtm.internal.wire.InvitationReceivedAck;
import io.parley.rtm.internal.wire.RefuseInvitation;
import io.parley.rtm.internal.wire.SendInvitation;
import io.parley.rtm.internal.wire.ServerFrame;
import io.parley.rtm.LocalInvitation;
import io.parley.rtm.RemoteInvitation;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmCallEventListener;
import io.parley.rtm.RtmCallManager;
import io.parley.rtm.RtmStatusCode.InvitationApiCallError;
import io.parley.rtm.RtmStatusCode.LocalInvitationError;
import io.parley.rtm.RtmStatusCode.LocalInvitationState;
import io.parley.rtm.RtmStatusCode.RemoteInvitationState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Call invitations in the SDK (RTM §4.2). The server owns the timers and the outcome; this class
 * checks misuse with InvitationApiCallError codes, sends the requests, confirms receipt of
 * incoming invitations, and applies the server's events to the invitation objects, firing each
 * listener callback once, on the callback executor.
 */
final class RtmCallManagerImpl extends RtmCallManager {
    private static final long TIMEOUT_MILLIS = 10_000;
    private static final Class<?> G = InvitationApiCallError.class;

    private final ConnectionManager manager;
    private final Executor callbacks;
    private final BooleanSupplier released;
    private final Map<String, LocalInvitationImpl> local = new ConcurrentHashMap<>();
    private final Map<String, RemoteInvitationImpl> remote = new ConcurrentHashMap<>();
    private volatile RtmCallEventListener listener;

    RtmCallManagerImpl(ConnectionManager manager, Executor callbacks, BooleanSupplier released) {
        this.manager = manager;
        this.callbacks = callbacks;
        this.released = released;
    }

    @Override
    public void setEventListener(RtmCallEventListener listener) {
        this.listener = listener;
    }

    @Override
    public LocalInvitation createLocalInvitation(String calleeId) {
        return released.getAsBoolean() ? null : new LocalInvitationImpl(calleeId, this);
    }

    @Override
    public void sendLocalInvitation(LocalInvitation invitation, ResultCallback<Void> callback) {
        LocalInvitationImpl inv = invitation instanceof LocalInvitationImpl ? (LocalInvitationImpl) invitation : null;
        if (inv == null || inv.owner() != this
                || !Identifiers.isValidUserId(inv.getCalleeId())
                || Identifiers.utf8Length(inv.getContent()) > FrameLimits.MAX_INVITATION_CONTENT_BYTES) {
            Callbacks.failure(callbacks, callback, G, InvitationApiCallError.INVITATION_API_CALL_ERR_INVALID_ARGUMENT);
            return;
        }
        synchronized (inv) {
            if (inv.getState() != LocalInvitationState.LOCAL_INVITATION_STATE_IDLE) {
                Callbacks.failure(callbacks, callback, G, InvitationApiCallError.INVITATION_API_CALL_ERR_ALREADY_SENT);
                return;
            }
            inv.state(LocalInvitationState.LOCAL_INVITATION_STATE_SENT_TO_REMOTE);
        }
        // the handler runs on the I/O thread before the invitation's events can arrive (see request(..., onReply))
        manager.request(ClientFrame.newBuilder().setSendInvitation(SendInvitation.newBuilder().setCalleeId(inv.getCalleeId())
                .setContent(inv.getContent()).setChannelId(inv.getChannelId())), TIMEOUT_MILLIS, (reply, err) -> {
                    if (err != null || reply.getStatus().getCode() != ErrorCode.OK) {
                        boolean notLoggedIn = err != null && unwrap(err) instanceof ConnectionManager.NotConnectedException;
                        if (!notLoggedIn && err == null) {
                            inv.state(LocalInvitationState.LOCAL_INVITATION_STATE_IDLE);
                            Callbacks.failure(callbacks, callback, G, InvitationApiCallError.INVITATION_API_CALL_ERR_INVALID_ARGUMENT);
                            return;
                        }
                        // RTM: the API call succeeds and the invitation fails (NOT_LOGGEDIN / unreachable server)
                        Callbacks.success(callbacks, callback, null);
                        failLocal(inv, notLoggedIn ? LocalInvitationError.LOCAL_INVITATION_ERR_NOT_LOGGEDIN
                                : LocalInvitationError.LOCAL_INVITATION_ERR_PEER_NO_RESPONSE);
                        return;
                    }
                    String id = reply.getInvitationSent().getInvitationId();
                    inv.id(id);
                    local.put(id, inv);
                    Callbacks.success(callbacks, callback, null);
                });
    }

    @Override
    public void cancelLocalInvitation(LocalInvitation invitation, ResultCallback<Void> callback) {
        LocalInvitationImpl inv = invitation instanceof LocalInvitationImpl ? (LocalInvitationImpl) invitation : null;
        if (inv == null || inv.owner() != this) {
            Callbacks.failure(callbacks, callback, G, InvitationApiCallError.INVITATION_API_CALL_ERR_INVALID_ARGUMENT);
            return;
        }
        if (inv.terminal()) {
            Callbacks.failure(callbacks, callback, G, InvitationApiCallError.INVITATION_API_CALL_ERR_ALREADY_END);
            return;
        }
        if (inv.id() == null) {
            Callbacks.failure(callbacks, callback, G, InvitationApiCallError.INVITATION_API_CALL_ERR_NOT_STARTED);
            return;
        }
        call(ClientFrame.newBuilder().setCancelInvitation(CancelInvitation.newBuilder().setInvitationId(inv.id())), callback);
    }

    @Override
    public void acceptRemoteInvitation(RemoteInvitation invitation, ResultCallback<Void> callback) {
        answer(invitation, callback, true);
    }

    @Override
    public void refuseRemoteInvitation(RemoteInvitation invitation, ResultCallback<Void> callback) {
        answer(invitation, callback, false);
    }

    private void answer(RemoteInvitation invitation, ResultCallback<Void> callback, boolean accept) {
        RemoteInvitationImpl inv = invitation instanceof RemoteInvitationImpl ? (RemoteInvitationImpl) invitation : null;
        if (inv == null || inv.owner() != this
                || Identifiers.utf8Length(inv.getResponse()) > FrameLimits.MAX_INVITATION_CONTENT_BYTES) {
            Callbacks.failure(callbacks, callback, G, InvitationApiCallError.INVITATION_API_CALL_ERR_INVALID_ARGUMENT);
            return;
        }
        int s = inv.getState();
        if (s == RemoteInvitationState.REMOTE_INVITATION_STATE_ACCEPTED
                || s == RemoteInvitationState.REMOTE_INVITATION_STATE_ACCEPT_SENT_TO_LOCAL) {
            Callbacks.failure(callbacks, callback, G, InvitationApiCallError.INVITATION_API_CALL_ERR_ALREADY_ACCEPT);
            return;
        }
        if (inv.terminal()) {
            Callbacks.failure(callbacks, callback, G, InvitationApiCallError.INVITATION_API_CALL_ERR_ALREADY_END);
            return;
        }
        if (accept) {
            inv.state(RemoteInvitationState.REMOTE_INVITATION_STATE_ACCEPT_SENT_TO_LOCAL);
        }
        ClientFrame.Builder f = accept
                ? ClientFrame.newBuilder().setAcceptInvitation(AcceptInvitation.newBuilder().setInvitationId(inv.id())
                        .setResponse(inv.getResponse()))
                : ClientFrame.newBuilder().setRefuseInvitation(RefuseInvitation.newBuilder().setInvitationId(inv.id())
                        .setResponse(inv.getResponse()));
        call(f, callback);
    }

    private void call(ClientFrame.Builder f, ResultCallback<Void> callback) {
        manager.request(f, TIMEOUT_MILLIS).whenComplete((reply, err) -> {
            if (err != null) {
                Callbacks.failure(callbacks, callback, G, InvitationApiCallError.INVITATION_API_CALL_ERR_NOT_STARTED);
                return;
            }
            switch (reply.getStatus().getCode()) {
                case OK:
                    Callbacks.success(callbacks, callback, null);
                    break;
                case INVITATION_ALREADY_END:
                    Callbacks.failure(callbacks, callback, G,
                            InvitationApiCallError.INVITATION_API_CALL_ERR_ALREADY_END);
                    break;
                case INVITATION_ALREADY_ACCEPT:
                    Callbacks.failure(callbacks, callback, G,
                            InvitationApiCallError.INVITATION_API_CALL_ERR_ALREADY_ACCEPT);
                    break;
                default:
                    Callbacks.failure(callbacks, callback, G, InvitationApiCallError.INVITATION_API_CALL_ERR_INVALID_ARGUMENT);
                    break;
            }
        });
    }

    /** An invitation event from the server, on an I/O thread. */
    void event(ServerFrame push) {
        InvitationEventPush e = push.getInvitationEvent();
        switch (e.getType()) {
            case REMOTE_RECEIVED: {
                RemoteInvitationImpl ri = new RemoteInvitationImpl(e.getInvitationId(), e.getCallerId(), e.getContent(),
                        e.getChannelId(), this);
                if (remote.putIfAbsent(ri.id(), ri) == null) {
                    manager.sendOneWay(ClientFrame.newBuilder().setInvitationReceivedAck(
                            InvitationReceivedAck.newBuilder().setInvitationId(ri.id())).build());
                    fire(l -> l.onRemoteInvitationReceived(ri));
                }
                }
                break;
            case REMOTE_CANCELED:
                remoteEnd(e, RemoteInvitationState.REMOTE_INVITATION_STATE_CANCELED,
                        (l, ri) -> l.onRemoteInvitationCanceled(ri));
                break;
            case REMOTE_ACCEPTED:
                remoteEnd(e, RemoteInvitationState.REMOTE_INVITATION_STATE_ACCEPTED,
                        (l, ri) -> l.onRemoteInvitationAccepted(ri));
                break;
            case REMOTE_REFUSED:
                remoteEnd(e, RemoteInvitationState.REMOTE_INVITATION_STATE_REFUSED,
                        (l, ri) -> l.onRemoteInvitationRefused(ri));
                break;
            case REMOTE_FAILURE:
                remoteEnd(e, RemoteInvitationState.REMOTE_INVITATION_STATE_FAILURE,
                        (l, ri) -> l.onRemoteInvitationFailure(ri, e.getFailureCode()));
                break;
            case LOCAL_RECEIVED_BY_PEER: {
                LocalInvitationImpl li = local.get(e.getInvitationId());
                if (li != null && !li.terminal()) {
                    li.state(LocalInvitationState.LOCAL_INVITATION_STATE_RECEIVED_BY_REMOTE);
                    fire(l -> l.onLocalInvitationReceivedByPeer(li));
                }
                }
                break;
            case LOCAL_ACCEPTED:
                localEnd(e, LocalInvitationState.LOCAL_INVITATION_STATE_ACCEPTED_BY_REMOTE,
                        (l, li) -> l.onLocalInvitationAccepted(li, e.getResponse()));
                break;
            case LOCAL_REFUSED:
                localEnd(e, LocalInvitationState.LOCAL_INVITATION_STATE_REFUSED_BY_REMOTE,
                        (l, li) -> l.onLocalInvitationRefused(li, e.getResponse()));
                break;
            case LOCAL_CANCELED:
                localEnd(e, LocalInvitationState.LOCAL_INVITATION_STATE_CANCELED,
                        (l, li) -> l.onLocalInvitationCanceled(li));
                break;
            case LOCAL_FAILURE:
                localEnd(e, LocalInvitationState.LOCAL_INVITATION_STATE_FAILURE,
                        (l, li) -> l.onLocalInvitationFailure(li, e.getFailureCode()));
                break;
            default: {
                // unknown event type from a newer server: ignore
                }
                break;
        }
    }

    private void remoteEnd(InvitationEventPush e, int state,
                           java.util.function.BiConsumer<RtmCallEventListener, RemoteInvitationImpl> cb) {
        RemoteInvitationImpl ri = remote.remove(e.getInvitationId());
        if (ri != null) {
            ri.state(state);
            fire(l -> cb.accept(l, ri));
        }
    }

    private void localEnd(InvitationEventPush e, int state,
                          java.util.function.BiConsumer<RtmCallEventListener, LocalInvitationImpl> cb) {
        LocalInvitationImpl li = local.remove(e.getInvitationId());
        if (li != null && !li.terminal()) {
            li.response(e.getResponse());
            li.state(state);
            fire(l -> cb.accept(l, li));
        }
    }

    private void failLocal(LocalInvitationImpl inv, int code) {
        inv.state(LocalInvitationState.LOCAL_INVITATION_STATE_FAILURE);
        fire(l -> l.onLocalInvitationFailure(inv, code));
    }

    private void fire(Consumer<RtmCallEventListener> call) {
        RtmCallEventListener l = listener;
        if (l != null) {
            callbacks.execute(() -> call.accept(l));
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
