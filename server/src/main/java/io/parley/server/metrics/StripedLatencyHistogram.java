package io.parley.server.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A Prometheus latency histogram recorded once per peer message from every I/O thread. Each
 * recording thread writes only its own stripe (plain increments published with release
 * semantics), so threads never contend on a cache line; a scrape adds the stripes up. Micrometer's
 * Timer shares one bucket array and max ring between all threads, which cost several percent of a
 * p2p profile in cross-core cache traffic.
 */
final class StripedLatencyHistogram implements Collector {
    /** Longs in a cache line: padding around each stripe's slots. */
    private static final int PAD = 8;
    /** Upper bounds in seconds; the last is +Inf. */
    private static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
            5, 10, Double.POSITIVE_INFINITY};

    private final String name;
    private final String help;
    private final long[] boundsNanos = new long[BOUNDS.length - 1];
    private final ThreadStripes<Stripe> stripes = new ThreadStripes<>(Stripe::new);

    /**
     * One thread's counts and sum, written by that thread only, in one array padded by a cache
     * line on each side: the GC may copy two threads' stripes next to each other, and sharing a
     * line would make every recording a cross-core cache miss.
     */
    private static final class Stripe {
        static final int SUM = PAD + BOUNDS.length;
        final AtomicLongArray slots = new AtomicLongArray(PAD + BOUNDS.length + 1 + PAD);
    }

    /** {@code name} in Prometheus form, ending in {@code _seconds}. */
    StripedLatencyHistogram(String name, String help) {
        this.name = name;
        this.help = help;
        for (int i = 0; i < boundsNanos.length; i++) {
            boundsNanos[i] = Math.round(BOUNDS[i] * 1e9);
        }
    }

    void record(long nanos) {
        long v = Math.max(0, nanos);
        int i = 0;
        while (i < boundsNanos.length && v > boundsNanos[i]) {
            i++;
        }
        AtomicLongArray slots = stripes.mine().slots;
        slots.setRelease(PAD + i, slots.getPlain(PAD + i) + 1); // single writer: no read-modify-write race
        slots.setRelease(Stripe.SUM, slots.getPlain(Stripe.SUM) + v);
    }

    @Override
    public MetricSnapshot collect() {
        long[] counts = new long[BOUNDS.length];
        long sumNanos = 0;
        for (Stripe s : stripes.all()) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += s.slots.getAcquire(PAD + i);
            }
            sumNanos += s.slots.getAcquire(Stripe.SUM);
        }
        return HistogramSnapshot.builder().name(name).help(help).unit(Unit.SECONDS)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS.clone(), counts))
                        .sum(sumNanos / 1e9).build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}
