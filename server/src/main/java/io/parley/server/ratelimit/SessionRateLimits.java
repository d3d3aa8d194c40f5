package io.parley.server.ratelimit;

import io.parley.server.metrics.ParleyMetrics;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-session call budgets for every {@link Operation}, plus budgets scoped within a session
 * (JOIN_SAME_CHANNEL per channel id). A budget of 0 permits switches that operation's limit off
 * (load tests). {@link #forget} drops everything a session had when it ends. Thread-safe.
 */
public final class SessionRateLimits {
    private final Map<Operation, Integer> permits;
    private final LongSupplier nanoTime;
    private final Map<String, Budgets> bySession = new ConcurrentHashMap<>();
    private volatile ParleyMetrics metrics = ParleyMetrics.NOOP;

    /** One session's limiters; guarded by its own monitor. */
    private static final class Budgets {
        final EnumMap<Operation, RateLimiter> byOperation = new EnumMap<>(Operation.class);
        final Map<String, RateLimiter> byScope = new HashMap<>();
        /** byScope is swept of idle limiters when it reaches this size (amortised: doubles with what stays). */
        int sweepAt = SCOPES_SWEPT_AT;
    }

    private static final int SCOPES_SWEPT_AT = 64;

    public SessionRateLimits(Map<Operation, Integer> permits, LongSupplier nanoTime) {
        this.permits = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            this.permits.put(op, permits.getOrDefault(op, op.defaultPermits()));
        }
        this.nanoTime = nanoTime;
    }

    /** Set once by the composition root before the server starts. */
    private volatile io.parley.server.session.OperatorFeed feed = io.parley.server.session.OperatorFeed.NONE;

    /** Where rate-limit hits are reported with their user (the console's feed). Set before start. */
    public void feed(io.parley.server.session.OperatorFeed f) {
        this.feed = f;
    }

    public void metrics(ParleyMetrics m) {
        this.metrics = m;
    }

    public boolean tryAcquire(String sessionId, Operation op) {
        return tryAcquire(sessionId, op, null);
    }

    /**
     * A permit for {@code session}'s next {@code op}. The end of a session is a barrier for its
     * limiters too: budgets a call would create for a session that has ended are not kept (its end
     * may already have forgotten the old ones). Only a call that creates the budgets looks at the
     * session's state, so the per-message path pays nothing for it.
     */
    public boolean tryAcquire(io.parley.server.session.Session session, Operation op) {
        return tryAcquire(session, op, null);
    }

    /** Like {@link #tryAcquire(io.parley.server.session.Session, Operation)} for a per-{@code scope} budget. */
    public boolean tryAcquire(io.parley.server.session.Session session, Operation op, String scope) {
        return acquire(session.id(), op, scope, session);
    }

    /** Like {@link #tryAcquire(String, Operation)} for a budget kept per {@code scope} (null: the session's). */
    public boolean tryAcquire(String sessionId, Operation op, String scope) {
        return acquire(sessionId, op, scope, null);
    }

    private boolean acquire(String sessionId, Operation op, String scope, io.parley.server.session.Session owner) {
        int n = permits.get(op);
        if (n == 0) {
            return true;
        }
        Budgets b = bySession.get(sessionId);
        if (b == null) {
            Budgets fresh = new Budgets();
            b = bySession.putIfAbsent(sessionId, fresh);
            if (b == null) {
                b = fresh;
                if (owner != null && owner.isEnded()) {
                    bySession.remove(sessionId, fresh); // ended: its end's forget() may have run already
                    return false;
                }
            }
        }
        boolean ok;
        synchronized (b) {
            RateLimiter limiter = scope == null
                    ? b.byOperation.computeIfAbsent(op, o -> newLimiter(n, o)) : scoped(b, op, scope, n);
            ok = limiter.tryAcquire();
        }
        if (!ok) {
            metrics.rateLimited(op.name());
            if (owner != null) {
                feed.rateLimited(owner.appId(), owner.userId(), op.name());
            }
        }
        return ok;
    }

    /**
     * The limiter of one scope (a channel id for JOIN_SAME_CHANNEL). Limiters idle for a whole
     * window are dropped as new scopes come: a new one would behave the same, and a session that
     * joins and leaves many channels would otherwise keep one per channel id it ever used.
     */
    private RateLimiter scoped(Budgets b, Operation op, String scope, int n) {
        String key = op.name() + '\0' + scope;
        RateLimiter limiter = b.byScope.get(key);
        if (limiter == null) {
            if (b.byScope.size() >= b.sweepAt) {
                long now = nanoTime.getAsLong();
                b.byScope.values().removeIf(l -> l.isIdle(now));
                b.sweepAt = Math.max(SCOPES_SWEPT_AT, b.byScope.size() * 2);
            }
            limiter = newLimiter(n, op);
            b.byScope.put(key, limiter);
        }
        return limiter;
    }

    /** Scoped limiters the session holds (tests and diagnostics). */
    public int scopedLimiters(String sessionId) {
        Budgets b = bySession.get(sessionId);
        if (b == null) {
            return 0;
        }
        synchronized (b) {
            return b.byScope.size();
        }
    }

    private RateLimiter newLimiter(int n, Operation op) {
        return new RateLimiter(n, op.window().toNanos(), nanoTime);
    }

    /** Drops every budget of the session, scoped ones included. */
    public void forget(String sessionId) {
        bySession.remove(sessionId);
    }

    /** Sessions with budgets held (live state, for tests and diagnostics). */
    public int trackedSessions() {
        return bySession.size();
    }
}
