package io.parley.server.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The per-client message budget that peer and channel messages share (RTM Linux Java: 1,500 per
 * 3 s → PEER_MESSAGE_ERR_TOO_OFTEN / CHANNEL_MESSAGE_ERR_TOO_OFTEN). {@code permitsPer3s == 0}
 * switches it off (load tests). Keyed by session id; {@link #forget} when the session ends.
 */
public final class SendBudget {
    private final int permitsPer3s;
    private final LongSupplier nanoTime;
    private final Map<String, RateLimiter> bySession = new ConcurrentHashMap<>();

    public SendBudget(int permitsPer3s, LongSupplier nanoTime) {
        this.permitsPer3s = permitsPer3s;
        this.nanoTime = nanoTime;
    }

    public boolean tryAcquire(String sessionId) {
        if (permitsPer3s == 0) {
            return true;
        }
        RateLimiter limiter = bySession.computeIfAbsent(sessionId,
                k -> new RateLimiter(permitsPer3s, TimeUnit.SECONDS.toNanos(3), nanoTime));
        synchronized (limiter) {
            return limiter.tryAcquire();
        }
    }

    public void forget(String sessionId) {
        bySession.remove(sessionId);
    }
}
