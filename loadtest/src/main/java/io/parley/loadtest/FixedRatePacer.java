package io.parley.loadtest;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The fan-out publishers' clock: a daemon thread that runs {@code publish} {@code rate} times a
 * second while {@code running}, and keeps the largest lag behind schedule it saw (a generator that
 * cannot keep up shows it there rather than in the server's figures).
 */
final class FixedRatePacer {
    private FixedRatePacer() {
    }

    static Thread start(String name, int rate, AtomicBoolean running, AtomicLong maxLagNanos, Runnable publish) {
        Thread pacer = new Thread(() -> {
            long interval = 1_000_000_000L / Math.max(1, rate);
            long next = System.nanoTime();
            while (running.get()) {
                long now = System.nanoTime();
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                maxLagNanos.accumulateAndGet(now - next, Math::max);
                publish.run();
                next += interval;
            }
        }, name);
        pacer.setDaemon(true);
        pacer.start();
        return pacer;
    }
}
