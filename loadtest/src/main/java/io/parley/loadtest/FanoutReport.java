package io.parley.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fan-out scenarios' report fields (names as in the shared bench's README). */
final class FanoutReport {
    private FanoutReport() {
    }

    /**
     * Waits (up to 10 s) until every measured message reached every member and {@code settled}
     * holds, then reports: what is still missing then is lost.
     */
    static Map<String, Object> afterDrain(Options o, String client, long published, java.util.concurrent.atomic.AtomicLong delivered,
                                          java.util.function.BooleanSupplier settled, long publisherMaxLagNanos) {
        long expected = published * o.members();
        long start = System.nanoTime();
        Waits.until(() -> delivered.get() >= expected && settled.getAsBoolean(), 10_000);
        return of(o, client, published, delivered.get(), System.nanoTime() - start, publisherMaxLagNanos);
    }

    /** Messages published in the measured window, deliveries of them seen, and how many never arrived. */
    static Map<String, Object> of(Options o, String client, long published, long delivered, long drainNanos,
                                  long publisherMaxLagNanos) {
        long expected = published * o.members();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("members", o.members());
        r.put("rate", o.rate() == Options.RATE_MAX ? "max" : o.rate());
        r.put("size", o.size());
        r.put("client", client);
        r.put("published", published);
        r.put("deliveries", delivered);
        r.put("lost", Math.max(0, expected - delivered));
        r.put("drain_ms", drainNanos / 1_000_000);
        r.put("publisher_max_lag_us", publisherMaxLagNanos / 1000);
        return r;
    }
}
