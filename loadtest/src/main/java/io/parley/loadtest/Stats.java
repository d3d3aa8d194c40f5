package io.parley.loadtest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run counts. Operations completed outside the measured window (warm-up, drain) are not
 * counted as completed; errors always are, by RTM code.
 */
final class Stats {
    final Recorder latency = new Recorder(3);
    final LongAdder completed = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final AtomicBoolean measuring = new AtomicBoolean();
    private volatile Histogram window = new Histogram(3);
    private final Histogram progressHist = new Histogram(3);

    void ok(long latencyNanos) {
        if (measuring.get()) {
            completed.increment();
            latency.recordValue(Math.max(0, latencyNanos));
        }
    }

    void error(String what) {
        errors.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> errorsByCode() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Interval histogram since the last call (for the progress line), also accumulated for the report. */
    synchronized Histogram interval() {
        Histogram h = latency.getIntervalHistogram();
        window.add(h);
        progressHist.reset();
        progressHist.add(h);
        return progressHist;
    }

    synchronized Histogram total() {
        window.add(latency.getIntervalHistogram());
        return window;
    }

    synchronized void resetWindow() {
        latency.reset();
        window = new Histogram(3);
    }
}
