package io.parley.server.session;

import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ServerFrame;
import io.parley.protocol.v1.TokenExpiredPush;
import io.parley.protocol.v1.TokenWillExpirePush;
import io.parley.server.time.TimeSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RTM timers of a session, checked by {@link #sweep()} (scheduled a few times a second, and
 * called directly by tests after moving a fake clock):
 * <ul>
 *   <li>no packet for {@code unreachableAfter} (6 s) → UNREACHABLE (listeners told once);</li>
 *   <li>no packet for {@code sessionTimeout} (30 s) → session ended (TIMEOUT), whether or not a
 *       connection is still attached;</li>
 *   <li>30 s before the token expires → TokenWillExpire push (once per expiry value); at expiry →
 *       TokenExpired push and the session ends with TOKEN_EXPIRED.</li>
 * </ul>
 */
public final class SessionLiveness implements SessionListener {
    static final long WILL_EXPIRE_NOTICE_MILLIS = 30_000;

    private final SessionService sessions;
    private final TimeSource time;
    private final long unreachableNanos;
    private final long timeoutNanos;
    /** session id → the expiry it was warned about. */
    private final Map<String, Long> warned = new ConcurrentHashMap<>();

    public SessionLiveness(SessionService sessions, TimeSource time, Duration unreachableAfter, Duration sessionTimeout) {
        this.sessions = sessions;
        this.time = time;
        this.unreachableNanos = unreachableAfter.toNanos();
        this.timeoutNanos = sessionTimeout.toNanos();
        sessions.addListener(this);
    }

    @Override
    public void sessionEnded(Session session, SessionEndReason reason) {
        warned.remove(session.id());
    }

    public void sweep() {
        long now = time.nanoTime();
        long nowMillis = time.currentTimeMillis();
        for (Session s : sessions.registry().all()) {
            long idle = now - s.lastSeenNanos();
            if (idle >= timeoutNanos) {
                sessions.end(s, SessionEndReason.TIMEOUT, DisconnectCode.SESSION_EXPIRED, "session timed out");
                continue;
            }
            if (idle >= unreachableNanos) {
                sessions.markUnreachable(s);
            }
            checkToken(s, nowMillis);
        }
    }

    private void checkToken(Session s, long nowMillis) {
        long expires = s.tokenExpiresAtMillis();
        if (expires == Long.MAX_VALUE) {
            return;
        }
        if (nowMillis > expires) {
            s.send(ServerFrame.newBuilder().setTokenExpired(TokenExpiredPush.getDefaultInstance()).build());
            sessions.end(s, SessionEndReason.TOKEN_EXPIRED, DisconnectCode.TOKEN_EXPIRED_ABORT, "token expired");
        } else if (expires - nowMillis <= WILL_EXPIRE_NOTICE_MILLIS && s.isAttached()
                && !Long.valueOf(expires).equals(warned.put(s.id(), expires))) {
            s.send(ServerFrame.newBuilder().setTokenWillExpire(TokenWillExpirePush.newBuilder().setExpireMs(expires)).build());
        }
    }
}
