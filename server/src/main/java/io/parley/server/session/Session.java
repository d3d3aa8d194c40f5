package io.parley.server.session;

import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ServerFrame;

/**
 * A logged-in user: identity {@code (appId, userId)}, a server-chosen id used to resume, and the
 * connection it is currently attached to (none while the client reconnects). The session outlives
 * dropped connections until {@link SessionLiveness} ends it after the session timeout.
 *
 * <p>Thread-safety: mutable state is guarded by the session's monitor; listeners are called by
 * the services after state changes, outside that lock.
 */
public final class Session {
    private final String id;
    private final String appId;
    private final String userId;
    private Connection connection;
    private long lastSeenNanos;
    private long tokenExpiresAtMillis;
    private boolean unreachable;
    private boolean ended;

    Session(String id, String appId, String userId, Connection connection, long nowNanos, long tokenExpiresAtMillis) {
        this.id = id;
        this.appId = appId;
        this.userId = userId;
        this.connection = connection;
        this.lastSeenNanos = nowNanos;
        this.tokenExpiresAtMillis = tokenExpiresAtMillis;
    }

    public String id() {
        return id;
    }

    public String appId() {
        return appId;
    }

    public String userId() {
        return userId;
    }

    public SessionKey key() {
        return new SessionKey(appId, userId);
    }

    /** Sends to the attached connection; dropped (by design) while detached — callers that must not lose data queue it themselves. */
    public void send(ServerFrame frame) {
        Connection c;
        synchronized (this) {
            c = connection;
        }
        if (c != null) {
            c.send(frame);
        }
    }

    public synchronized Connection connection() {
        return connection;
    }

    public synchronized boolean isAttached() {
        return connection != null;
    }

    public synchronized boolean isEnded() {
        return ended;
    }

    public synchronized boolean isUnreachable() {
        return unreachable;
    }

    public synchronized long tokenExpiresAtMillis() {
        return tokenExpiresAtMillis;
    }

    synchronized void tokenExpiresAtMillis(long v) {
        tokenExpiresAtMillis = v;
    }

    synchronized long lastSeenNanos() {
        return lastSeenNanos;
    }

    /** Any packet from the client. Returns true if the session was UNREACHABLE until now. */
    synchronized boolean touch(long nowNanos) {
        lastSeenNanos = nowNanos;
        boolean was = unreachable;
        unreachable = false;
        return was;
    }

    synchronized boolean markUnreachable() {
        if (unreachable || ended) {
            return false;
        }
        unreachable = true;
        return true;
    }

    /** Attaches a new connection and returns the previous one (to be closed by the caller). */
    synchronized Connection attach(Connection c, long nowNanos) {
        Connection old = connection;
        connection = c;
        lastSeenNanos = nowNanos;
        unreachable = false;
        return old == c ? null : old;
    }

    /** Detaches {@code c} if it is still the current connection. */
    synchronized boolean detach(Connection c) {
        if (connection == c) {
            connection = null;
            return true;
        }
        return false;
    }

    /** Marks the session ended; false if it already was (so end-of-session work runs once). */
    synchronized boolean end() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }

    /** Ends and closes the attached connection with {@code code}. */
    void closeConnection(DisconnectCode code, String message) {
        Connection c;
        synchronized (this) {
            c = connection;
            connection = null;
        }
        if (c != null) {
            c.close(code, message);
        }
    }

    @Override
    public String toString() {
        return "Session[" + appId + "/" + userId + " " + id + "]";
    }
}
