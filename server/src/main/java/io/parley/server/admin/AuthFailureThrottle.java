package io.parley.server.admin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed admin authentications per remote address: after {@code maxFailures} in a minute, the
 * address is answered 429 until that minute is over, whatever it sends — so a secret cannot be
 * guessed at the speed of the HTTP port. Addresses whose minute is over are forgotten.
 */
public final class AuthFailureThrottle {
    static final long WINDOW_NANOS = 60_000_000_000L;
    private static final int PURGE_AT = 10_000;

    private final int maxFailures;
    private final LongSupplier nanoTime;
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();

    private static final class Window {
        final long startNanos;
        int failures;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    /** @param maxFailures failures per address per minute before it is refused (0 = no throttle) */
    public AuthFailureThrottle(int maxFailures, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.nanoTime = nanoTime;
    }

    public boolean blocked(String address) {
        if (maxFailures <= 0 || address == null) {
            return false;
        }
        Window w = byAddress.get(address);
        if (w == null) {
            return false;
        }
        synchronized (w) {
            return w.failures >= maxFailures && nanoTime.getAsLong() - w.startNanos < WINDOW_NANOS;
        }
    }

    public void failed(String address) {
        if (maxFailures <= 0 || address == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (byAddress.size() >= PURGE_AT) {
            byAddress.values().removeIf(w -> now - w.startNanos >= WINDOW_NANOS);
        }
        byAddress.compute(address, (a, w) -> {
            Window out = w == null || now - w.startNanos >= WINDOW_NANOS ? new Window(now) : w;
            synchronized (out) {
                out.failures++;
            }
            return out;
        });
    }
}
