package io.parley.server.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A Prometheus counter with one label whose values are enum constants, counted several times per
 * message from every I/O thread (frames in and out, peer-message outcomes). Each counting thread
 * writes only its own stripe, indexed by the constant's slot; a scrape adds the stripes up and
 * shows the values counted so far. A Micrometer counter per value would cost a map lookup and a
 * contended adder per count.
 *
 * <p>Constants of several enum types may share one family (e.g. frame types plus RELAYED); each
 * type gets a block of slots when first counted.
 */
final class StripedCounters implements Collector {
    private final String name;
    private final String help;
    private final String label;
    private final ThreadStripes<Stripe> stripes = new ThreadStripes<>(Stripe::new);
    /** Enum types seen, and the first slot of each; replaced (never mutated) under {@code this}. */
    private volatile Block[] blocks = new Block[0];

    private record Block(Class<?> type, int base, Enum<?>[] constants) {
    }

    /** Longs in a cache line: each stripe's slots start and end a line away from any other stripe's. */
    private static final int PAD = 8;

    /**
     * One thread's counts, written by that thread only; grown (replaced) when a new enum type
     * appears. Slot {@code i} is at {@code PAD + i}: the GC may copy two threads' stripes next to
     * each other, and sharing a cache line would make every count a cross-core miss.
     */
    private static final class Stripe {
        volatile AtomicLongArray counts = new AtomicLongArray(0);
    }

    /** {@code name} in Prometheus form without {@code _total}. */
    StripedCounters(String name, String help, String label) {
        this.name = name;
        this.help = help;
        this.label = label;
    }

    void increment(Enum<?> value) {
        int slot = PAD + slot(value);
        Stripe s = stripes.mine();
        AtomicLongArray counts = s.counts;
        if (slot >= counts.length() - PAD) {
            counts = grow(s, slot);
        }
        counts.setRelease(slot, counts.getPlain(slot) + 1); // single writer: no read-modify-write race
    }

    private int slot(Enum<?> value) {
        Class<?> type = value.getDeclaringClass();
        for (Block b : blocks) {
            if (b.type == type) {
                return b.base + value.ordinal();
            }
        }
        return register(type) + value.ordinal();
    }

    private synchronized int register(Class<?> type) {
        Block[] current = blocks;
        int base = 0;
        for (Block b : current) {
            if (b.type == type) {
                return b.base;
            }
            base = b.base + b.constants.length;
        }
        Block[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = new Block(type, base, (Enum<?>[]) type.getEnumConstants());
        blocks = next;
        return base;
    }

    private static AtomicLongArray grow(Stripe s, int slot) {
        AtomicLongArray old = s.counts;
        AtomicLongArray grown = new AtomicLongArray(slot + 64 + PAD);
        for (int i = 0; i < old.length(); i++) {
            grown.setPlain(i, old.getPlain(i));
        }
        s.counts = grown; // a scrape reads either array: the old one only misses counts made after this
        return grown;
    }

    @Override
    public MetricSnapshot collect() {
        Block[] bs = blocks;
        List<AtomicLongArray> all = new ArrayList<>();
        for (Stripe s : stripes.all()) {
            all.add(s.counts);
        }
        Map<String, Long> byLabel = new LinkedHashMap<>(); // same-named constants of two types add up
        for (Block b : bs) {
            for (int i = 0; i < b.constants.length; i++) {
                int slot = PAD + b.base + i;
                long sum = 0;
                for (AtomicLongArray counts : all) {
                    if (slot < counts.length()) {
                        sum += counts.getAcquire(slot);
                    }
                }
                if (sum > 0) {
                    byLabel.merge(b.constants[i].name(), sum, Long::sum);
                }
            }
        }
        CounterSnapshot.Builder out = CounterSnapshot.builder().name(name).help(help);
        byLabel.forEach((value, sum) -> out.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of(label, value)).value(sum).build()));
        return out.build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}
