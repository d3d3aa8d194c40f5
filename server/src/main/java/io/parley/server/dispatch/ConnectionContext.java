package io.parley.server.dispatch;

import io.parley.server.ratelimit.RateLimiter;
import io.parley.server.session.Connection;
import io.parley.server.session.Session;

/**
 * Per-connection state owned by the dispatcher: the session logged in on it (if any) and the
 * per-client rate limits of session operations. Frames of one connection are handled one at a
 * time on its I/O thread; {@code session} is volatile because timers and other connections read it.
 */
public final class ConnectionContext {
    private final Connection connection;
    private final RateLimiter loginLimiter;
    private final RateLimiter renewLimiter;
    private volatile Session session;

    ConnectionContext(Connection connection, RateLimiter loginLimiter, RateLimiter renewLimiter) {
        this.connection = connection;
        this.loginLimiter = loginLimiter;
        this.renewLimiter = renewLimiter;
    }

    public Connection connection() {
        return connection;
    }

    public Session session() {
        return session;
    }

    void session(Session s) {
        session = s;
    }

    RateLimiter loginLimiter() {
        return loginLimiter;
    }

    RateLimiter renewLimiter() {
        return renewLimiter;
    }
}
