package io.parley.server.dispatch;

import io.parley.protocol.peer.EncodedBody;
import io.parley.protocol.peer.PeerFrames;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.LoginReply;
import io.parley.protocol.v1.Pong;
import io.parley.server.auth.Authenticator;
import io.parley.server.auth.LoginFailure;
import io.parley.server.channels.ChannelAttributeService;
import io.parley.server.channels.ChannelService;
import io.parley.server.invitations.InvitationService;
import io.parley.server.attributes.UserAttributeService;
import io.parley.server.messaging.PeerMessagingService;
import io.parley.server.presence.PresenceService;
import io.parley.server.ratelimit.RateLimiter;
import io.parley.server.time.TimeSource;
import io.parley.server.session.Connection;
import io.parley.server.session.Replies;
import io.parley.server.session.Session;
import io.parley.server.session.SessionService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protobuf edge of the server: turns each {@link ClientFrame} into a call on a service and the
 * result into exactly one reply. Operations whose feature has not landed yet answer UNSUPPORTED,
 * never silence. Called on the connection's I/O thread; never blocks.
 */
public final class CommandDispatcher {
    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    private final SessionService sessions;
    private final PeerMessagingService messaging;
    private final PresenceService presence;
    private final UserAttributeService userAttributes;
    private final ChannelService channels;
    private final ChannelAttributeService channelAttributes;
    private final InvitationService invitations;
    private final TimeSource time;
    private final int loginsPerSecond;
    private final int heartbeatIntervalMillis;
    private volatile io.parley.server.metrics.ParleyMetrics metrics = io.parley.server.metrics.ParleyMetrics.NOOP;

    /** Set once by the composition root before the server starts. */
    public void metrics(io.parley.server.metrics.ParleyMetrics m) {
        this.metrics = m;
    }

    /** The feature services requests are dispatched to. */
    public record Features(PeerMessagingService messaging, PresenceService presence,
                           UserAttributeService userAttributes, ChannelService channels,
                           ChannelAttributeService channelAttributes, InvitationService invitations) {
    }

    public CommandDispatcher(SessionService sessions, Features features, TimeSource time,
                             int loginsPerSecond, int heartbeatIntervalMillis) {
        this.sessions = sessions;
        this.messaging = features.messaging();
        this.presence = features.presence();
        this.userAttributes = features.userAttributes();
        this.channels = features.channels();
        this.channelAttributes = features.channelAttributes();
        this.invitations = features.invitations();
        this.time = time;
        this.loginsPerSecond = loginsPerSecond;
        this.heartbeatIntervalMillis = heartbeatIntervalMillis;
    }

    public ConnectionContext open(Connection connection) {
        metrics.connectionOpened(connection.transport());
        long second = TimeUnit.SECONDS.toNanos(1);
        return new ConnectionContext(connection, new RateLimiter(loginsPerSecond, second, time::nanoTime),
                new RateLimiter(2, second, time::nanoTime));
    }

    public void onClosed(ConnectionContext ctx) {
        String reason = ctx.connection().closeReason();
        metrics.connectionClosed(ctx.connection().transport(), reason);
        if (reason.equals("slow_consumer")) {
            metrics.slowConsumerDisconnect();
        }
        Session s = ctx.session();
        if (s != null) {
            sessions.connectionClosed(s, ctx.connection());
        }
    }

    public void onFrame(ConnectionContext ctx, ClientFrame frame) {
        Session session = liveSession(ctx);
        long now = session == null ? 0 : touch(session); // read once per frame, passed on
        int rid = frame.getRequestId();
        metrics.frameIn(frame.getBodyCase());
        switch (frame.getBodyCase()) {
            case PING -> ctx.connection().send(Replies.ok(rid)
                    .setPong(Pong.newBuilder().setServerTimeMs(time.currentTimeMillis())).build());
            case LOGIN -> login(ctx, rid, frame.getLogin());
            case BODY_NOT_SET -> ctx.connection().send(Replies.error(rid, ErrorCode.MALFORMED_FRAME, "frame has no body"));
            default -> {
                if (session == null) {
                    reply(ctx, frame, ErrorCode.NOT_LOGGED_IN, "log in first");
                } else {
                    dispatchLoggedIn(ctx, session, frame, now);
                }
            }
        }
    }

    /** A SendPeerMessage read without protobuf ({@link PeerFrames}): the same handling as in {@link #onFrame}. */
    public void onPeerSend(ConnectionContext ctx, PeerFrames.Send send) {
        metrics.frameIn(ClientFrame.BodyCase.SEND_PEER_MESSAGE);
        Session session = liveSession(ctx);
        if (session == null) {
            ctx.connection().send(Replies.error(send.requestId(), ErrorCode.NOT_LOGGED_IN, "log in first"));
            return;
        }
        messaging.send(session, send.requestId(), send.peerId(), send.body(), send.offlineAllowed(), send.historical(),
                touch(session));
    }

    /** A DeliveryAck read without protobuf ({@link PeerFrames}): the same handling as in {@link #onFrame}. */
    public void onPeerAck(ConnectionContext ctx, PeerFrames.Ack ack) {
        metrics.frameIn(ClientFrame.BodyCase.DELIVERY_ACK);
        Session session = liveSession(ctx);
        if (session == null) {
            log.debug("dropping DELIVERY_ACK before login");
            return;
        }
        messaging.ack(session, ack.messageIds(), touch(session));
    }

    /** The connection's session unless it has ended (then the connection has none any more). */
    private static Session liveSession(ConnectionContext ctx) {
        Session session = ctx.session();
        if (session != null && session.isEnded()) {
            ctx.session(null);
            return null;
        }
        return session;
    }

    /** Any frame from a logged-in client keeps its session alive; returns the time read for it. */
    private long touch(Session session) {
        long now = time.nanoTime();
        sessions.touch(session, now);
        return now;
    }

    private void dispatchLoggedIn(ConnectionContext ctx, Session session, ClientFrame frame, long nowNanos) {
        int rid = frame.getRequestId();
        switch (frame.getBodyCase()) {
            case LOGOUT -> {
                sessions.logout(session);
                ctx.session(null);
                ctx.connection().send(Replies.ok(rid).build());
                // a connection without a session has nothing left to do; the reply is written first
                ctx.connection().close(DisconnectCode.LOGGED_OUT, "logged out");
            }
            case RENEW_TOKEN -> renewToken(ctx, session, rid, frame.getRenewToken().getToken());
            case SEND_PEER_MESSAGE -> {
                var f = frame.getSendPeerMessage();
                messaging.send(session, rid, f.getPeerId(), EncodedBody.of(f.getBody()), f.getEnableOfflineMessaging(),
                        f.getEnableHistoricalMessaging(), nowNanos);
            }
            case DELIVERY_ACK -> messaging.ack(session, frame.getDeliveryAck().getMessageIdsList(), nowNanos);
            case QUERY_PEERS_ONLINE_STATUS -> presence.query(session, rid, frame.getQueryPeersOnlineStatus().getPeerIdsList());
            case SUBSCRIBE_PEERS_ONLINE_STATUS -> presence.subscribe(session, rid,
                    frame.getSubscribePeersOnlineStatus().getPeerIdsList());
            case UNSUBSCRIBE_PEERS_ONLINE_STATUS -> presence.unsubscribe(session, rid,
                    frame.getUnsubscribePeersOnlineStatus().getPeerIdsList());
            case QUERY_PEERS_BY_SUBSCRIPTION_OPTION -> presence.queryBySubscriptionOption(session, rid,
                    frame.getQueryPeersBySubscriptionOption().getOption());
            case SET_LOCAL_USER_ATTRIBUTES -> userAttributes.write(session, rid, UserAttributeService.Write.SET,
                    frame.getSetLocalUserAttributes().getAttributesList(), List.of());
            case ADD_OR_UPDATE_LOCAL_USER_ATTRIBUTES -> userAttributes.write(session, rid,
                    UserAttributeService.Write.ADD_OR_UPDATE, frame.getAddOrUpdateLocalUserAttributes().getAttributesList(),
                    List.of());
            case DELETE_LOCAL_USER_ATTRIBUTES_BY_KEYS -> userAttributes.write(session, rid, UserAttributeService.Write.DELETE,
                    List.of(), frame.getDeleteLocalUserAttributesByKeys().getKeysList());
            case CLEAR_LOCAL_USER_ATTRIBUTES -> userAttributes.write(session, rid, UserAttributeService.Write.CLEAR,
                    List.of(), List.of());
            case GET_USER_ATTRIBUTES -> userAttributes.read(session, rid, frame.getGetUserAttributes().getUserId(),
                    List.of(), false);
            case GET_USER_ATTRIBUTES_BY_KEYS -> userAttributes.read(session, rid,
                    frame.getGetUserAttributesByKeys().getUserId(), frame.getGetUserAttributesByKeys().getKeysList(), true);
            case JOIN_CHANNEL -> channels.join(session, rid, frame.getJoinChannel().getChannelId());
            case LEAVE_CHANNEL -> channels.leave(session, rid, frame.getLeaveChannel().getChannelId());
            case SEND_CHANNEL_MESSAGE -> channels.send(session, rid, frame.getSendChannelMessage());
            case GET_CHANNEL_MEMBERS -> channels.getMembers(session, rid, frame.getGetChannelMembers().getChannelId());
            case GET_CHANNEL_MEMBER_COUNT -> channels.memberCounts(session, rid,
                    frame.getGetChannelMemberCount().getChannelIdsList());
            case SET_CHANNEL_ATTRIBUTES -> {
                var f = frame.getSetChannelAttributes();
                channelAttributes.write(session, rid, ChannelAttributeService.Write.SET, f.getChannelId(),
                        f.getAttributesList(), List.of(), f.getNotifyMembers());
            }
            case ADD_OR_UPDATE_CHANNEL_ATTRIBUTES -> {
                var f = frame.getAddOrUpdateChannelAttributes();
                channelAttributes.write(session, rid, ChannelAttributeService.Write.ADD_OR_UPDATE, f.getChannelId(),
                        f.getAttributesList(), List.of(), f.getNotifyMembers());
            }
            case DELETE_CHANNEL_ATTRIBUTES_BY_KEYS -> {
                var f = frame.getDeleteChannelAttributesByKeys();
                channelAttributes.write(session, rid, ChannelAttributeService.Write.DELETE, f.getChannelId(), List.of(),
                        f.getKeysList(), f.getNotifyMembers());
            }
            case CLEAR_CHANNEL_ATTRIBUTES -> {
                var f = frame.getClearChannelAttributes();
                channelAttributes.write(session, rid, ChannelAttributeService.Write.CLEAR, f.getChannelId(), List.of(),
                        List.of(), f.getNotifyMembers());
            }
            case GET_CHANNEL_ATTRIBUTES -> channelAttributes.read(session, rid,
                    frame.getGetChannelAttributes().getChannelId(), List.of(), false);
            case GET_CHANNEL_ATTRIBUTES_BY_KEYS -> channelAttributes.read(session, rid,
                    frame.getGetChannelAttributesByKeys().getChannelId(), frame.getGetChannelAttributesByKeys().getKeysList(),
                    true);
            case SEND_INVITATION -> invitations.send(session, rid, frame.getSendInvitation());
            case CANCEL_INVITATION -> invitations.cancel(session, rid, frame.getCancelInvitation().getInvitationId());
            case ACCEPT_INVITATION -> invitations.answer(session, rid, frame.getAcceptInvitation().getInvitationId(),
                    frame.getAcceptInvitation().getResponse(), true);
            case REFUSE_INVITATION -> invitations.answer(session, rid, frame.getRefuseInvitation().getInvitationId(),
                    frame.getRefuseInvitation().getResponse(), false);
            case INVITATION_RECEIVED_ACK -> invitations.receivedAck(session,
                    frame.getInvitationReceivedAck().getInvitationId());
            default -> ctx.connection().send(Replies.error(rid, ErrorCode.UNSUPPORTED,
                    frame.getBodyCase() + " is not supported by this server yet"));
        }
    }

    private void login(ConnectionContext ctx, int rid, Login login) {
        if (ctx.session() != null) {
            ctx.connection().send(Replies.error(rid, ErrorCode.ALREADY_LOGGED_IN, "already logged in on this connection"));
            return;
        }
        if (!ctx.loginLimiter().tryAcquire()) {
            metrics.login(LoginFailure.TOO_OFTEN.name());
            ctx.connection().send(Replies.error(rid, ErrorCode.TOO_OFTEN, "more than " + loginsPerSecond + " logins per second"));
            return;
        }
        SessionService.LoginResult r = sessions.login(ctx.connection(), login.getAppId(), login.getUserId(),
                login.getToken(), login.getResumeSessionId());
        metrics.login(r.ok() ? "OK" : r.failure().name());
        if (!r.ok()) {
            ctx.connection().send(Replies.error(rid, wire(r.failure()), r.detail()));
            return;
        }
        ctx.session(r.session());
        sessions.admit(r.session()).whenComplete((ok, err) -> {
            long expires = r.session().tokenExpiresAtMillis();
            ctx.connection().send(Replies.ok(rid).setLoginReply(LoginReply.newBuilder()
                    .setSessionId(r.session().id())
                    .setResumed(r.resumed())
                    .setServerTimeMs(time.currentTimeMillis())
                    .setTokenExpireMs(expires == Long.MAX_VALUE ? 0 : expires)
                    .setHeartbeatIntervalMs(heartbeatIntervalMillis)).build());
            // after the reply: re-send a resumed session's outbox, or push a fresh one's offline messages
            messaging.loggedIn(r.session(), r.resumed());
            sessions.ready(r.session(), r.resumed());
        });
    }

    private void renewToken(ConnectionContext ctx, Session session, int rid, String token) {
        if (!ctx.renewLimiter().tryAcquire()) {
            ctx.connection().send(Replies.error(rid, ErrorCode.TOO_OFTEN, "more than 2 renewals per second"));
            return;
        }
        if (token.isEmpty()) {
            ctx.connection().send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "empty token"));
            return;
        }
        Authenticator.Result r = sessions.renewToken(session, token);
        if (r.ok()) {
            ctx.connection().send(Replies.ok(rid).build());
        } else {
            ctx.connection().send(Replies.error(rid, wire(r.failure()), r.detail()));
        }
    }

    private static void reply(ConnectionContext ctx, ClientFrame frame, ErrorCode code, String message) {
        switch (frame.getBodyCase()) {
            case DELIVERY_ACK, INVITATION_RECEIVED_ACK -> log.debug("dropping {} before login", frame.getBodyCase());
            default -> ctx.connection().send(Replies.error(frame.getRequestId(), code, message));
        }
    }

    static ErrorCode wire(LoginFailure f) {
        return switch (f) {
            case INVALID_ARGUMENT -> ErrorCode.INVALID_ARGUMENT;
            case INVALID_APP_ID -> ErrorCode.INVALID_APP_ID;
            case INVALID_TOKEN -> ErrorCode.INVALID_TOKEN;
            case TOKEN_EXPIRED -> ErrorCode.TOKEN_EXPIRED;
            case NOT_AUTHORIZED -> ErrorCode.NOT_AUTHORIZED;
            case REJECTED -> ErrorCode.REJECTED;
            case TOO_OFTEN -> ErrorCode.TOO_OFTEN;
            case ALREADY_LOGGED_IN -> ErrorCode.ALREADY_LOGGED_IN;
        };
    }
}
