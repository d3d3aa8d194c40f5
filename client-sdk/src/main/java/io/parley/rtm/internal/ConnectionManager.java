package io.parley.rtm.internal;

import io.parley.protocol.FrameLimits;
import io.parley.protocol.Identifiers;
import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.DisconnectCode;
import io.parley.rtm.internal.wire.ErrorCode;
import io.parley.rtm.internal.wire.Login;
import io.parley.rtm.internal.wire.Logout;
import io.parley.rtm.internal.wire.Ping;
import io.parley.rtm.internal.wire.RenewToken;
import io.parley.rtm.internal.wire.ServerFrame;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmStatusCode.LoginError;
import io.parley.rtm.RtmStatusCode.LogoutError;
import io.parley.rtm.RtmStatusCode.RenewTokenError;
import io.parley.rtm.internal.transport.FrameListener;
import io.parley.rtm.internal.transport.Connection;
import io.parley.rtm.internal.transport.Connector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection and session: login, heartbeats, loss detection, reconnect with backoff
 * and jitter, session resume, abort, logout and token renewal, driving the §4.1 state machine.
 *
 * <p>Threading: all state is guarded by {@code this}. Async results (connects, replies, timers) come
 * back on I/O threads and carry the {@code epoch} they were started in; a result from an older
 * epoch (the user logged out or logged in again meanwhile) is discarded. User callbacks are only
 * ever queued on the serial callback executor — under the lock, so their order is the order of
 * the state changes — and run off the I/O threads.
 */
final class ConnectionManager implements FrameListener {
    private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);
    static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    private static final long LOGOUT_GRACE_MILLIS = 2_000;
    private static final long RENEW_TIMEOUT_MILLIS = 5_000;

    private final String appId;
    private final RtmClientConfig config;
    private final RtmClientListener listener;
    private final Executor callbacks;
    private final Timers timers;
    private final Connector transport;
    private final PendingRequests pending;
    private final RateWindow loginRate = new RateWindow(2, TimeUnit.SECONDS.toNanos(1));
    private final RateWindow renewRate = new RateWindow(2, TimeUnit.SECONDS.toNanos(1));
    private volatile SessionEvents events = new SessionEvents() {
    };

    private ConnState state = ConnState.DISCONNECTED;
    private long epoch;
    private String userId;
    private String token;
    private String sessionId;
    private Connection connection;
    private ResultCallback<Void> loginCallback;
    private Timers.Task loginDeadline;
    private Timers.Task heartbeat;
    private int nextEndpoint;
    private int reconnectAttempt;
    private boolean waitingForRenewedToken;
    private volatile long lastInboundNanos;
    private long heartbeatMillis;
    /** Session-bound requests made while RECONNECTING, sent in order after the reconnect. */
    private final List<PendingRequests.Registered> deferred = new ArrayList<>();
    private static final int MAX_DEFERRED = 10_000;

    public ConnectionManager(String appId, RtmClientConfig config, RtmClientListener listener, Executor callbacks,
                             Timers timers, DeadlineSweeper sweeper, Connector transport) {
        this.appId = appId;
        this.config = config;
        this.listener = listener;
        this.callbacks = callbacks;
        this.timers = timers;
        this.transport = transport;
        this.pending = new PendingRequests(sweeper);
    }

    public void setEvents(SessionEvents events) {
        this.events = events;
    }

    public synchronized ConnState state() {
        return state;
    }

    public synchronized String userId() {
        return userId;
    }

    // ----------------------------------------------------------------------------------- login

    public synchronized void login(String token, String userId, ResultCallback<Void> cb) {
        if (state != ConnState.DISCONNECTED) {
            Callbacks.failure(callbacks, cb, LoginError.class, LoginError.LOGIN_ERR_ALREADY_LOGIN);
            return;
        }
        if (!loginRate.tryAcquire()) {
            Callbacks.failure(callbacks, cb, LoginError.class, LoginError.LOGIN_ERR_TOO_OFTEN);
            return;
        }
        if (!Identifiers.isValidUserId(userId)) {
            Callbacks.failure(callbacks, cb, LoginError.class, LoginError.LOGIN_ERR_INVALID_ARGUMENT);
            return;
        }
        if (token != null && token.length() > FrameLimits.MAX_TOKEN_CHARS) {
            Callbacks.failure(callbacks, cb, LoginError.class, LoginError.LOGIN_ERR_INVALID_TOKEN);
            return;
        }
        this.userId = userId;
        this.token = token == null ? "" : token;
        this.sessionId = null;
        this.loginCallback = cb;
        this.nextEndpoint = 0;
        long e = ++epoch;
        transition(ConnEvent.LOGIN);
        loginDeadline = timers.schedule(() -> loginTimedOut(e), config.loginTimeoutMillis());
        attempt(e);
    }

    private synchronized void loginTimedOut(long e) {
        if (e != epoch || state != ConnState.CONNECTING) {
            return;
        }
        epoch++;
        dropConnection();
        transition(ConnEvent.LOGIN_TIMED_OUT);
        failLogin(LoginError.LOGIN_ERR_TIMEOUT);
    }

    /** Opens a connection to the next endpoint and logs in on it (fresh or resuming). */
    private void attempt(long e) {
        List<String> endpoints = config.endpoints();
        String endpoint = endpoints.get(nextEndpoint++ % endpoints.size());
        CompletableFuture<Connection> connecting = transport.connect(endpoint, CONNECT_TIMEOUT_MILLIS, this);
        // never wait forever, whatever the transport does
        Timers.Task guard = timers.schedule(() -> connecting.completeExceptionally(new TimeoutException()),
                CONNECT_TIMEOUT_MILLIS + 1_000);
        connecting.whenComplete((conn, err) -> {
            guard.cancel();
            connected(e, conn, err);
        });
    }

    private synchronized void connected(long e, Connection conn, Throwable err) {
        if (e != epoch || (state != ConnState.CONNECTING && state != ConnState.RECONNECTING)) {
            if (conn != null) {
                conn.close();
            }
            return;
        }
        if (err != null) {
            log.debug("connect failed: {}", err.toString());
            retryLater(e);
            return;
        }
        if (!conn.isOpen()) {
            // closed before we adopted it: its onClosed was ignored as stale, so retry here
            retryLater(e);
            return;
        }
        // from here on onClosed (which needs this lock) sees conn as current and retries itself
        connection = conn;
        lastInboundNanos = timers.nanoTime();
        Login.Builder login = Login.newBuilder().setAppId(appId).setUserId(userId).setToken(token)
                .setSdkVersion(ClientFactory.SDK_VERSION);
        if (sessionId != null) {
            login.setResumeSessionId(sessionId);
        }
        pending.send(conn, ClientFrame.newBuilder().setLogin(login), config.loginTimeoutMillis())
                .whenComplete((reply, rerr) -> loginReplied(e, conn, reply, rerr));
    }

    private synchronized void loginReplied(long e, Connection conn, ServerFrame reply, Throwable err) {
        if (e != epoch || conn != connection) {
            return;
        }
        if (err != null) {
            dropConnection();
            retryLater(e);
            return;
        }
        ErrorCode code = reply.getStatus().getCode();
        if (code == ErrorCode.OK) {
            boolean reconnect = state == ConnState.RECONNECTING;
            boolean resumed = reply.getLoginReply().getResumed();
            sessionId = reply.getLoginReply().getSessionId();
            reconnectAttempt = 0;
            cancel(loginDeadline);
            transition(ConnEvent.LOGIN_OK);
            int serverInterval = reply.getLoginReply().getHeartbeatIntervalMs();
            heartbeatMillis = serverInterval > 0
                    ? Math.min(serverInterval, config.heartbeatIntervalMillis()) : config.heartbeatIntervalMillis();
            startHeartbeat(e);
            if (reconnect) {
                log.info("reconnected user={} resumed={}", userId, resumed);
                if (!resumed) {
                    // the server forgot the old session: answers to requests sent on it will never come
                    pending.failAllExcept(deferred, new PendingRequests.SessionLostException());
                }
                events.onReconnected(resumed);
                for (PendingRequests.Registered r : deferred) {
                    if (!r.answer().isDone()) { // its caller may already have been told TIMEOUT
                        conn.send(r.frame());
                    }
                }
                deferred.clear();
            } else {
                ResultCallback<Void> cb = loginCallback;
                loginCallback = null;
                Callbacks.success(callbacks, cb, null);
            }
            return;
        }
        dropConnection();
        if (state == ConnState.CONNECTING) {
            epoch++;
            cancel(loginDeadline);
            transition(ConnEvent.LOGIN_FAILED);
            failLogin(LoginErrors.login(code));
        } else if (code == ErrorCode.TOKEN_EXPIRED) {
            // RECONNECTING with an expired token: tell the app once and wait for renewToken
            waitingForRenewedToken = true;
            callbacks.execute(listener::onTokenExpired);
        } else {
            log.info("re-login refused ({}); retrying", code);
            retryLater(e);
        }
    }

    private void failLogin(int code) {
        ResultCallback<Void> cb = loginCallback;
        loginCallback = null;
        Callbacks.failure(callbacks, cb, LoginError.class, code);
    }

    /** Schedules the next attempt: quick retries while CONNECTING, exponential backoff with jitter while RECONNECTING. */
    private void retryLater(long e) {
        long delayMillis;
        if (state == ConnState.CONNECTING) {
            delayMillis = 200 + ThreadLocalRandom.current().nextLong(200);
        } else {
            long base = config.reconnectInitialDelayMillis() << Math.min(reconnectAttempt, 16);
            long capped = Math.min(base, config.reconnectMaxDelayMillis());
            delayMillis = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
            reconnectAttempt++;
        }
        timers.schedule(() -> retry(e), delayMillis);
    }

    private synchronized void retry(long e) {
        if (e == epoch && (state == ConnState.CONNECTING || state == ConnState.RECONNECTING) && connection == null
                && !waitingForRenewedToken) {
            attempt(e);
        }
    }

    // ------------------------------------------------------------------------------ connection

    @Override
    public void onFrame(Connection conn, ServerFrame frame) {
        lastInboundNanos = timers.nanoTime();
        if (frame.getRequestId() != 0) {
            pending.complete(frame);
            return;
        }
        switch (frame.getBodyCase()) {
            case PONG: {
                // liveness only
                }
                break;
            case SESSION_ABORTED:
                aborted(conn, frame.getSessionAborted().getCode());
                break;
            case TOKEN_WILL_EXPIRE:
                callbacks.execute(listener::onTokenPrivilegeWillExpire);
                break;
            case TOKEN_EXPIRED: {
                // the SessionAborted(TOKEN_EXPIRED_ABORT) that follows moves the state and fires onTokenExpired
                }
                break;
            default:
                events.onPush(frame);
                break;
        }
    }

    @Override
    public synchronized void onClosed(Connection conn) {
        if (conn != connection) {
            return;
        }
        connection = null;
        pending.failConnectionBound(new PendingRequests.ConnectionLostException());
        if (state == ConnState.CONNECTED) {
            cancel(heartbeat);
            transition(ConnEvent.CONNECTION_LOST);
            reconnectAttempt = 0;
            retryLater(epoch);
        } else if (state == ConnState.CONNECTING || state == ConnState.RECONNECTING) {
            retryLater(epoch); // the login request on it was failed above and ignored as stale
        }
    }

    private synchronized void aborted(Connection conn, DisconnectCode code) {
        if (conn != connection) {
            return;
        }
        ConnEvent event;
        switch (code) {
            case REMOTE_LOGIN:
                event = ConnEvent.REMOTE_LOGIN;
                break;
            case BANNED_BY_SERVER:
                event = ConnEvent.BANNED;
                break;
            case TOKEN_EXPIRED_ABORT:
                event = ConnEvent.TOKEN_EXPIRED;
                break;
            default:
                event = null;
                break;
        }
        if (code == DisconnectCode.SESSION_EXPIRED) {
            sessionId = null; // the server forgot us: next login is fresh
        }
        if (event == null || ConnectionStateMachine.next(state, event) == null) {
            return; // reconnectable: the close that follows drives RECONNECTING
        }
        epoch++;
        cancel(heartbeat);
        dropConnection();
        sessionId = null;
        deferred.clear();
        pending.failAll(new PendingRequests.SessionClosedException());
        transition(event);
        if (event == ConnEvent.TOKEN_EXPIRED) {
            callbacks.execute(listener::onTokenExpired);
        }
        events.onSessionClosed();
    }

    private void startHeartbeat(long e) {
        cancel(heartbeat);
        long period = Math.max(50, heartbeatMillis); // the smaller of ours and the server's (sent at login)
        heartbeat = timers.scheduleAtFixedRate(() -> beat(e), period);
    }

    private void beat(long e) {
        Connection conn;
        synchronized (this) {
            if (e != epoch || state != ConnState.CONNECTED || connection == null) {
                return;
            }
            conn = connection;
        }
        if (timers.nanoTime() - lastInboundNanos > TimeUnit.MILLISECONDS.toNanos(config.connectionLostAfterMillis())) {
            log.info("no packet from {} for {} ms; reconnecting", conn.endpoint(), config.connectionLostAfterMillis());
            conn.close(); // onClosed → RECONNECTING
        } else {
            conn.send(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build());
        }
    }

    // ---------------------------------------------------------------------- logout and renewal

    public synchronized void logout(ResultCallback<Void> cb) {
        if (state == ConnState.DISCONNECTED) {
            Callbacks.failure(callbacks, cb, LogoutError.class, LogoutError.LOGOUT_ERR_USER_NOT_LOGGED_IN);
            return;
        }
        boolean wasConnected = state == ConnState.CONNECTED;
        Connection conn = connection;
        epoch++;
        connection = null;
        sessionId = null;
        waitingForRenewedToken = false;
        cancel(heartbeat);
        cancel(loginDeadline);
        if (loginCallback != null) {
            failLogin(LoginError.LOGIN_ERR_UNKNOWN);
        }
        deferred.clear();
        pending.failAll(new PendingRequests.SessionClosedException());
        events.onSessionClosed();
        if (wasConnected && conn != null) {
            CompletableFuture<ServerFrame> f = pending.send(conn, ClientFrame.newBuilder().setLogout(Logout.getDefaultInstance()),
                    LOGOUT_GRACE_MILLIS);
            f.whenComplete((r, e) -> conn.close());
        } else if (conn != null) {
            conn.close();
        }
        transition(ConnEvent.LOGOUT);
        Callbacks.success(callbacks, cb, null);
    }

    public synchronized void renewToken(String newToken, ResultCallback<Void> cb) {
        if (newToken == null || newToken.isEmpty() || newToken.length() > FrameLimits.MAX_TOKEN_CHARS) {
            Callbacks.failure(callbacks, cb, RenewTokenError.class, RenewTokenError.RENEW_TOKEN_ERR_INVALID_ARGUMENT);
            return;
        }
        if (state == ConnState.DISCONNECTED || state == ConnState.ABORTED) {
            Callbacks.failure(callbacks, cb, RenewTokenError.class, RenewTokenError.RENEW_TOKEN_ERR_USER_NOT_LOGGED_IN);
            return;
        }
        if (!renewRate.tryAcquire()) {
            Callbacks.failure(callbacks, cb, RenewTokenError.class, RenewTokenError.RENEW_TOKEN_ERR_TOO_OFTEN);
            return;
        }
        if (state != ConnState.CONNECTED || connection == null) {
            // not connected: the next (re)login uses the new token, and the server checks it then
            token = newToken;
            if (waitingForRenewedToken) {
                waitingForRenewedToken = false;
                retryLater(epoch);
            }
            Callbacks.success(callbacks, cb, null);
            return;
        }
        pending.send(connection, ClientFrame.newBuilder().setRenewToken(RenewToken.newBuilder().setToken(newToken)),
                RENEW_TIMEOUT_MILLIS).whenComplete((reply, err) -> {
                    if (err != null) {
                        Callbacks.failure(callbacks, cb, RenewTokenError.class, RenewTokenError.RENEW_TOKEN_ERR_FAILURE);
                    } else if (reply.getStatus().getCode() == ErrorCode.OK) {
                        synchronized (this) {
                            token = newToken;
                        }
                        Callbacks.success(callbacks, cb, null);
                    } else {
                        Callbacks.failure(callbacks, cb, RenewTokenError.class, LoginErrors.renew(reply.getStatus().getCode()));
                    }
                });
    }

    /**
     * Sends a request on the current connection. Fails with {@link NotConnectedException} when not
     * CONNECTED, with {@link PendingRequests.ConnectionLostException} if the connection drops first.
     */
    public CompletableFuture<ServerFrame> request(ClientFrame.Builder frame, long timeoutMillis) {
        Connection conn;
        synchronized (this) {
            conn = state == ConnState.CONNECTED ? connection : null;
        }
        if (conn == null) {
            return Futures.failed(new NotConnectedException());
        }
        return pending.send(conn, frame, timeoutMillis);
    }

    /**
     * Like {@link #request(ClientFrame.Builder, long)}, but {@code onReply} is attached before the
     * frame is sent, so it runs on the I/O thread when the reply is read — before any later frame of
     * the same connection. Use it when pushes that follow the reply depend on what the handler
     * records (an invitation id, a subscription). Keep the handler short and non-blocking.
     */
    public void request(ClientFrame.Builder frame, long timeoutMillis, BiConsumer<ServerFrame, Throwable> onReply) {
        Connection conn;
        synchronized (this) {
            conn = state == ConnState.CONNECTED ? connection : null;
        }
        if (conn == null) {
            onReply.accept(null, new NotConnectedException());
            return;
        }
        PendingRequests.Registered r = pending.register(frame, timeoutMillis, false);
        r.answer().whenComplete(onReply);
        conn.send(r.frame());
    }

    /**
     * A request whose answer belongs to the server session (peer messages): it survives a resume
     * (the server re-sends the answer on the new connection), is queued while RECONNECTING and
     * sent after the reconnect, and fails with {@link PendingRequests.SessionLostException} if the
     * reconnect lands on a fresh session, {@link PendingRequests.SessionClosedException} on logout
     * or abort, {@link java.util.concurrent.TimeoutException} after {@code timeoutMillis}, and
     * {@link NotConnectedException} when not logged in.
     */
    public synchronized CompletableFuture<ServerFrame> sessionRequest(ClientFrame.Builder frame, long timeoutMillis) {
        if (state == ConnState.CONNECTED && connection != null) {
            PendingRequests.Registered r = pending.register(frame, timeoutMillis, true);
            connection.send(r.frame());
            return r.answer();
        }
        if (state == ConnState.RECONNECTING) {
            if (deferred.size() >= MAX_DEFERRED) {
                return Futures.failed(new PendingRequests.SessionClosedException());
            }
            PendingRequests.Registered r = pending.register(frame, timeoutMillis, true);
            deferred.add(r);
            return r.answer();
        }
        return Futures.failed(new NotConnectedException());
    }

    /** Sends a frame that has no reply (acks). Dropped when not connected. */
    public void sendOneWay(ClientFrame frame) {
        Connection conn;
        synchronized (this) {
            conn = connection;
        }
        if (conn != null) {
            conn.send(frame);
        }
    }

    // ------------------------------------------------------------------------------- internals

    private void transition(ConnEvent event) {
        ConnectionStateMachine.Transition t = ConnectionStateMachine.next(state, event);
        if (t == null) {
            return;
        }
        state = t.to();
        int s = t.to().value();
        int reason = t.reason();
        callbacks.execute(() -> listener.onConnectionStateChanged(s, reason));
    }

    private void dropConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    private static void cancel(Timers.Task f) {
        if (f != null) {
            f.cancel();
        }
    }

    /** A request made while the client is not CONNECTED. */
    public static final class NotConnectedException extends RuntimeException {
        NotConnectedException() {
            super("not connected", null, false, false);
        }
    }
}
