package io.parley.server.ratelimit;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-session call budgets for every {@link Operation}. A budget of 0 permits switches that
 * operation's limit off (load tests). Keyed by session id; {@link #forget} when the session ends.
 * Thread-safe.
 */
public final class SessionRateLimits {
    private final Map<Operation, Integer> permits;
    private final LongSupplier nanoTime;
    private final Map<String, EnumMap<Operation, RateLimiter>> bySession = new ConcurrentHashMap<>();
    private volatile io.parley.server.metrics.ParleyMetrics metrics = io.parley.server.metrics.ParleyMetrics.NOOP;

    public SessionRateLimits(Map<Operation, Integer> permits, LongSupplier nanoTime) {
        this.permits = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            this.permits.put(op, permits.getOrDefault(op, op.defaultPermits()));
        }
        this.nanoTime = nanoTime;
    }

    public boolean tryAcquire(String sessionId, Operation op) {
        int n = permits.get(op);
        if (n == 0) {
            return true;
        }
        EnumMap<Operation, RateLimiter> limiters = bySession.computeIfAbsent(sessionId, k -> new EnumMap<>(Operation.class));
        boolean ok;
        synchronized (limiters) {
            ok = limiters.computeIfAbsent(op, o -> new RateLimiter(n, o.window().toNanos(), nanoTime)).tryAcquire();
        }
        if (!ok) {
            metrics.rateLimited(op.name());
        }
        return ok;
    }

    /**
     * Like {@link #tryAcquire(String, Operation)} for a budget kept per (session, {@code scope}),
     * e.g. JOIN_SAME_CHANNEL per channel id.
     */
    public boolean tryAcquire(String sessionId, Operation op, String scope) {
        return tryAcquire(sessionId + '\0' + scope, op);
    }

    /** Drops the scoped budgets of a session as well (call with its scopes when it ends). */
    public void forget(String sessionId, Iterable<String> scopes) {
        forget(sessionId);
        for (String scope : scopes) {
            bySession.remove(sessionId + '\0' + scope);
        }
    }

    /** Set once by the composition root before the server starts. */
    public void metrics(io.parley.server.metrics.ParleyMetrics m) {
        this.metrics = m;
    }

    public void forget(String sessionId) {
        bySession.remove(sessionId);
    }
}
