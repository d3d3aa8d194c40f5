package io.parley.server.session;

import io.parley.protocol.v1.DisconnectCode;
import io.parley.server.log.LogSafe;
import io.parley.server.auth.Authenticator;
import io.parley.server.auth.BanList;
import io.parley.server.auth.LoginFailure;
import io.parley.server.config.AppConfig;
import io.parley.server.time.TimeSource;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login, resume, logout, token renewal and session end: the only place that changes the
 * {@link SessionRegistry}. Logins for one {@code (appId, userId)} are serialised on a striped lock
 * so two racing logins end with exactly one session (the later one; the earlier is aborted with
 * REMOTE_LOGIN). One log line per login, logout and abort; never a token.
 */
public final class SessionService {
    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Outcome of a login: session set on success, failure set otherwise. */
    public record LoginResult(Session session, boolean resumed, LoginFailure failure, String detail) {
        public boolean ok() {
            return failure == null;
        }
    }

    private final Authenticator authenticator;
    private final SessionRegistry registry;
    private final TimeSource time;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Object[] stripes = new Object[64];
    private final BanList bans = new BanList();
    private volatile boolean draining;

    public SessionService(Authenticator authenticator, SessionRegistry registry, TimeSource time) {
        this.authenticator = authenticator;
        this.registry = registry;
        this.time = time;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    public void addListener(SessionListener l) {
        listeners.add(l);
    }

    public SessionRegistry registry() {
        return registry;
    }

    /** Tells listeners a login's reply was queued (see {@link SessionListener#sessionReady}). */
    public void ready(Session session, boolean resumed) {
        listeners.forEach(l -> l.sessionReady(session, resumed));
    }

    /** Stop accepting logins (graceful shutdown). */
    public void drain() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    public LoginResult login(Connection conn, String appId, String userId, String token, String resumeSessionId) {
        Authenticator.Result auth = authenticator.authenticate(appId, userId, token);
        if (!auth.ok()) {
            log.info("login rejected app={} user={} remote={} reason={} ({})", LogSafe.of(appId), LogSafe.of(userId),
                    conn.remoteAddress(), auth.failure(), LogSafe.of(auth.detail()));
            return new LoginResult(null, false, auth.failure(), auth.detail());
        }
        if (draining) {
            return new LoginResult(null, false, LoginFailure.REJECTED, "server is shutting down");
        }
        long bannedUntil = bans.bannedUntil(appId, userId, time.currentTimeMillis());
        if (bannedUntil > 0) {
            log.info("login rejected app={} user={} remote={} reason=REJECTED (banned until {})", appId, userId,
                    conn.remoteAddress(), java.time.Instant.ofEpochMilli(bannedUntil));
            return new LoginResult(null, false, LoginFailure.REJECTED, "banned by an operator");
        }
        Session replaced = null;
        Session session;
        boolean resumed = false;
        Connection previousConnection = null;
        synchronized (stripe(appId, userId)) {
            Session existing = registry.get(appId, userId);
            AppConfig app = authenticator.app(appId);
            if (existing == null && app != null && app.maxUsers() > 0 && registry.countForApp(appId) >= app.maxUsers()) {
                log.info("login rejected app={} user={} remote={} reason=REJECTED (app user cap {})", appId, userId,
                        conn.remoteAddress(), app.maxUsers());
                return new LoginResult(null, false, LoginFailure.REJECTED, "app is at its user cap");
            }
            if (existing != null && resumeSessionId != null && !resumeSessionId.isEmpty()
                    && existing.id().equals(resumeSessionId) && !existing.isEnded()) {
                previousConnection = existing.attach(conn, time.nanoTime());
                existing.tokenExpiresAtMillis(auth.expiresAtMillis());
                session = existing;
                resumed = true;
            } else {
                if (existing != null && registry.remove(existing) && existing.end()) {
                    replaced = existing;
                }
                session = new Session(newSessionId(), appId, userId, conn, time.nanoTime(), auth.expiresAtMillis());
                registry.put(session);
            }
        }
        if (previousConnection != null) {
            previousConnection.close(DisconnectCode.CONNECTION_REPLACED, "session resumed on a newer connection");
        }
        if (replaced != null) {
            log.info("session aborted app={} user={} remote={} reason=REMOTE_LOGIN", appId, userId,
                    remoteOf(replaced));
            replaced.closeConnection(DisconnectCode.REMOTE_LOGIN, "logged in elsewhere");
            fireEnded(replaced, SessionEndReason.REMOTE_LOGIN);
        }
        log.info("login app={} user={} remote={} session={} resumed={}", appId, userId, conn.remoteAddress(),
                session.id(), resumed);
        if (resumed) {
            listeners.forEach(l -> l.sessionResumed(session));
        } else {
            listeners.forEach(l -> l.sessionStarted(session));
        }
        return new LoginResult(session, resumed, null, "");
    }

    public void logout(Session session) {
        if (registry.remove(session) && session.end()) {
            log.info("logout app={} user={} remote={}", session.appId(), session.userId(), remoteOf(session));
            fireEnded(session, SessionEndReason.LOGOUT);
        }
    }

    /** Verifies a new token for the session's app and user; on success the session's expiry moves. */
    public Authenticator.Result renewToken(Session session, String token) {
        Authenticator.Result r = authenticator.checkToken(session.appId(), session.userId(), token);
        if (r.ok()) {
            session.tokenExpiresAtMillis(r.expiresAtMillis());
            listeners.forEach(l -> l.tokenRenewed(session));
        }
        return r;
    }

    /** Any packet from the client on the session's connection. */
    public void touch(Session session) {
        touch(session, time.nanoTime());
    }

    /** Like {@link #touch(Session)} with the clock already read for this frame. */
    public void touch(Session session, long nowNanos) {
        if (session.touch(nowNanos)) {
            listeners.forEach(l -> l.sessionReachable(session));
        }
    }

    /** The transport lost {@code conn}; the session stays for the resume window. */
    public void connectionClosed(Session session, Connection conn) {
        if (session.detach(conn)) {
            log.debug("connection lost app={} user={} remote={}", session.appId(), session.userId(), conn.remoteAddress());
        }
    }

    private volatile java.util.function.Function<Session, java.util.concurrent.CompletableFuture<Void>> admission =
            s -> java.util.concurrent.CompletableFuture.completedFuture(null);

    /**
     * Cluster mode: work that must finish before a login is answered (registering the user in the
     * cluster directory, so that once the client hears "logged in" it is reachable from every node).
     */
    public void admission(java.util.function.Function<Session, java.util.concurrent.CompletableFuture<Void>> a) {
        this.admission = a;
    }

    /** Completes when the new or resumed session may be told it is logged in. */
    public java.util.concurrent.CompletableFuture<Void> admit(Session s) {
        return admission.apply(s);
    }

    /** Operator bans (admin API); checked at every login. */
    public BanList bans() {
        return bans;
    }

    /**
     * Operator action: ends the user's session; its SDK goes ABORTED with BANNED_BY_SERVER and does
     * not reconnect by itself. False if the user has no session.
     */
    public boolean kick(String appId, String userId) {
        Session s = registry.get(appId, userId);
        if (s == null) {
            return false;
        }
        end(s, SessionEndReason.KICKED, DisconnectCode.BANNED_BY_SERVER, "removed by an operator");
        return true;
    }

    /** Ends a session for good, telling its client (if attached) with {@code code}. */
    public void end(Session session, SessionEndReason reason, DisconnectCode code, String message) {
        if (registry.remove(session) && session.end()) {
            log.info("session ended app={} user={} remote={} reason={}", session.appId(), session.userId(),
                    remoteOf(session), reason);
            session.closeConnection(code, message);
            fireEnded(session, reason);
        }
    }

    void markUnreachable(Session session) {
        if (session.markUnreachable()) {
            listeners.forEach(l -> l.sessionUnreachable(session));
        }
    }

    private void fireEnded(Session session, SessionEndReason reason) {
        listeners.forEach(l -> l.sessionEnded(session, reason));
    }

    private Object stripe(String appId, String userId) {
        return stripes[Math.floorMod(31 * appId.hashCode() + userId.hashCode(), stripes.length)];
    }

    private static String remoteOf(Session s) {
        Connection c = s.connection();
        return c == null ? "-" : c.remoteAddress();
    }

    private static String newSessionId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
