package io.parley.server.session;

import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ServerFrame;
import io.parley.protocol.v1.TokenExpiredPush;
import io.parley.protocol.v1.TokenWillExpirePush;
import io.parley.server.time.DeadlineQueue;
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
 *
 * <p>A sweep looks only at the sessions that are due. Each session has one idle check queued at
 * (last packet + unreachable threshold), moved on when it finds the session active, so a session
 * that keeps talking is looked at once per threshold rather than at every sweep. Token checks are
 * queued at the next notice or expiry, but never further out than {@link #TOKEN_CHECK_HORIZON_MILLIS},
 * so an ended session leaves the queue within that time.
 */
public final class SessionLiveness implements SessionListener {
    static final long WILL_EXPIRE_NOTICE_MILLIS = 30_000;
    static final long TOKEN_CHECK_HORIZON_MILLIS = 60_000;
    /** While a session is UNREACHABLE it is looked at this often, to notice it coming back and going quiet again. */
    static final long UNREACHABLE_RECHECK_NANOS = 1_000_000_000L;

    private final SessionService sessions;
    private final TimeSource time;
    private final long unreachableNanos;
    private final long timeoutNanos;
    private final DeadlineQueue<Session> idleChecks = new DeadlineQueue<>();
    private final DeadlineQueue<Session> tokenChecks = new DeadlineQueue<>();
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
    public void sessionStarted(Session session) {
        idleChecks.add(session, session.lastSeenNanos() + unreachableNanos);
        tokenCheck(session, time.currentTimeMillis());
    }

    @Override
    public void sessionResumed(Session session) {
        tokenCheck(session, time.currentTimeMillis()); // a resume carries a token, maybe with another expiry
    }

    @Override
    public void tokenRenewed(Session session) {
        tokenCheck(session, time.currentTimeMillis());
    }

    @Override
    public void sessionEnded(Session session, SessionEndReason reason) {
        warned.remove(session.id());
    }

    /** Runs the checks that are due; returns how many sessions it looked at. */
    public int sweep() {
        long now = time.nanoTime();
        int looked = idleChecks.pollDue(now, (s, due) -> checkIdle(s, now));
        long nowMillis = time.currentTimeMillis();
        return looked + tokenChecks.pollDue(nowMillis, (s, due) -> {
            if (s.tokenCheck().take(due)) {
                checkToken(s, nowMillis);
            }
        });
    }

    /** Checks queued (idle and token), for tests and diagnostics. */
    public int queuedChecks() {
        return idleChecks.size() + tokenChecks.size();
    }

    private void checkIdle(Session s, long now) {
        if (s.isEnded()) {
            return;
        }
        long seen = s.lastSeenNanos();
        long idle = now - seen;
        if (idle >= timeoutNanos) {
            sessions.end(s, SessionEndReason.TIMEOUT, DisconnectCode.SESSION_EXPIRED, "session timed out");
        } else if (idle >= unreachableNanos) {
            sessions.markUnreachable(s);
            long timeoutAt = seen + timeoutNanos;
            long recheck = now + UNREACHABLE_RECHECK_NANOS;
            idleChecks.add(s, timeoutAt - recheck < 0 ? timeoutAt : recheck);
        } else {
            idleChecks.add(s, seen + unreachableNanos);
        }
    }

    private void checkToken(Session s, long nowMillis) {
        if (s.isEnded()) {
            return;
        }
        long expires = s.tokenExpiresAtMillis();
        if (expires == Long.MAX_VALUE) {
            return;
        }
        if (nowMillis > expires) {
            s.send(ServerFrame.newBuilder().setTokenExpired(TokenExpiredPush.getDefaultInstance()).build());
            sessions.end(s, SessionEndReason.TOKEN_EXPIRED, DisconnectCode.TOKEN_EXPIRED_ABORT, "token expired");
            return;
        }
        if (expires - nowMillis <= WILL_EXPIRE_NOTICE_MILLIS && s.isAttached()
                && !Long.valueOf(expires).equals(warned.put(s.id(), expires))) {
            s.send(ServerFrame.newBuilder().setTokenWillExpire(TokenWillExpirePush.newBuilder().setExpireMs(expires)).build());
        }
        tokenCheck(s, nowMillis);
    }

    /** Queues the session's next token check: the notice, else the expiry, within the horizon. */
    private void tokenCheck(Session s, long nowMillis) {
        if (s.isEnded()) {
            return;
        }
        long expires = s.tokenExpiresAtMillis();
        if (expires == Long.MAX_VALUE) {
            return;
        }
        long notice = expires - WILL_EXPIRE_NOTICE_MILLIS;
        long next;
        if (nowMillis < notice) {
            next = notice;
        } else if (!Long.valueOf(expires).equals(warned.get(s.id()))) {
            next = s.isAttached() ? nowMillis : nowMillis + 1_000; // the notice is owed once the client is back
        } else {
            next = expires + 1;
        }
        long at = Math.min(next, nowMillis + TOKEN_CHECK_HORIZON_MILLIS);
        if (s.tokenCheck().request(at)) {
            tokenChecks.add(s, at);
        }
    }
}
