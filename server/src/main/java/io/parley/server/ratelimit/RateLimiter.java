package io.parley.server.ratelimit;

import java.util.function.LongSupplier;

/**
 * A fixed budget of {@code permits} per {@code windowNanos}, as RTM states its limits ("2 per
 * second", "1,500 per 3 s").
 *
 * <p>Up to {@value #EXACT_MAX} permits: a sliding log of the last {@code permits} grant times; a
 * call is allowed when the oldest of them is older than the window (exact). Larger budgets count
 * grants in {@value #SLICES} slices of the window instead and allow a call while the current slice
 * and the {@code SLICES - 1} before it hold fewer than {@code permits} — fixed memory whatever the
 * budget (a log of a 100,000-per-second login budget took 800 KB per connection), at the price of
 * admitting up to {@code SLICES / (SLICES - 1)} of the budget in a window that straddles slices.
 * Not thread-safe: one instance belongs to one connection or session and is used under its lock.
 */
public final class RateLimiter {
    static final int EXACT_MAX = 64;
    static final int SLICES = 16;

    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final boolean unlimited;
    private final int permits;
    // exact: the sliding log
    private final long[] grants;
    private int next;
    // large budgets: grants per slice, the newest slice's number, and the last grant's time
    private final int[] slices;
    private final long sliceNanos;
    private long currentSlice;
    private long lastGrant;

    public RateLimiter(int permits, long windowNanos, LongSupplier nanoTime) {
        this.windowNanos = windowNanos;
        this.nanoTime = nanoTime;
        this.unlimited = permits <= 0;
        this.permits = permits;
        long start = nanoTime.getAsLong() - windowNanos - 1;
        this.lastGrant = start;
        if (permits <= EXACT_MAX) {
            this.grants = new long[Math.max(1, permits)];
            java.util.Arrays.fill(grants, start);
            this.slices = null;
            this.sliceNanos = 0;
        } else {
            this.grants = null;
            this.slices = new int[SLICES];
            this.sliceNanos = Math.max(1, windowNanos / SLICES);
            this.currentSlice = Math.floorDiv(nanoTime.getAsLong(), sliceNanos);
        }
    }

    /**
     * True when no permit was granted within the last window: the limiter then behaves as a new one
     * would, so a holder of many (one per channel) may drop it.
     */
    public boolean isIdle(long nowNanos) {
        if (unlimited) {
            return true;
        }
        long last = grants != null ? grants[(next + grants.length - 1) % grants.length] : lastGrant;
        return nowNanos - last > windowNanos;
    }

    /** Takes a permit if one is free. */
    public boolean tryAcquire() {
        if (unlimited) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (grants == null) {
            return tryAcquireSliced(now);
        }
        if (now - grants[next] <= windowNanos) {
            return false;
        }
        grants[next] = now;
        next = (next + 1) % grants.length;
        return true;
    }

    private boolean tryAcquireSliced(long now) {
        long slice = Math.floorDiv(now, sliceNanos);
        if (slice > currentSlice) {
            long stale = Math.min(SLICES, slice - currentSlice);
            for (long s = 1; s <= stale; s++) {
                slices[(int) Math.floorMod(currentSlice + s, (long) SLICES)] = 0;
            }
            currentSlice = slice;
        }
        int inWindow = 0;
        for (int c : slices) {
            inWindow += c;
        }
        if (inWindow >= permits) {
            return false;
        }
        slices[(int) Math.floorMod(currentSlice, (long) SLICES)]++;
        lastGrant = now;
        return true;
    }
}
