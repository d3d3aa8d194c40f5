package io.parley.it.support;

import io.parley.server.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Real time plus an offset tests can move forward (for 7-day expiries without waiting). */
public final class FakeTime implements TimeSource {
    private final AtomicLong offsetNanos = new AtomicLong();

    public void advance(Duration d) {
        offsetNanos.addAndGet(d.toNanos());
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() + offsetNanos.get();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis() + offsetNanos.get() / 1_000_000;
    }
}
