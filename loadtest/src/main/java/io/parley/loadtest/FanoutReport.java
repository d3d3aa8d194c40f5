package io.parley.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fan-out scenarios' report fields (names as in the shared bench's README). */
final class FanoutReport {
    private FanoutReport() {
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
