package io.parley.server.ratelimit;

import java.util.function.LongSupplier;

/**
 * A fixed budget of {@code permits} per {@code windowNanos}, as RTM states its limits ("2 per
 * second", "1,500 per 3 s"): a sliding log of the last {@code permits} grant times. A call is
 * allowed when the oldest of the last {@code permits} grants is older than the window.
 * Not thread-safe: one instance belongs to one connection or session and is used under its lock.
 */
public final class RateLimiter {
    private final long[] grants;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private int next;
    private final boolean unlimited;

    public RateLimiter(int permits, long windowNanos, LongSupplier nanoTime) {
        this.grants = new long[Math.max(1, permits)];
        this.windowNanos = windowNanos;
        this.nanoTime = nanoTime;
        this.unlimited = permits <= 0;
        long start = nanoTime.getAsLong() - windowNanos - 1;
        java.util.Arrays.fill(grants, start);
    }

    /**
     * True when no permit was granted within the last window: the limiter then behaves as a new one
     * would, so a holder of many (one per channel) may drop it.
     */
    public boolean isIdle(long nowNanos) {
        return unlimited || nowNanos - grants[(next + grants.length - 1) % grants.length] > windowNanos;
    }

    /** Takes a permit if one is free. */
    public boolean tryAcquire() {
        if (unlimited) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (now - grants[next] <= windowNanos) {
            return false;
        }
        grants[next] = now;
        next = (next + 1) % grants.length;
        return true;
    }
}
