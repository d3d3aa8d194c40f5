package io.parley.rtm.internal;

/** At most {@code permits} calls per {@code windowNanos} (sliding log). Callers synchronise. */
final class RateWindow {
    private final long[] grants;
    private final long windowNanos;
    private int next;

    RateWindow(int permits, long windowNanos) {
        this.grants = new long[permits];
        this.windowNanos = windowNanos;
        java.util.Arrays.fill(grants, System.nanoTime() - windowNanos - 1);
    }

    boolean tryAcquire() {
        long now = System.nanoTime();
        if (now - grants[next] <= windowNanos) {
            return false;
        }
        grants[next] = now;
        next = (next + 1) % grants.length;
        return true;
    }
}
