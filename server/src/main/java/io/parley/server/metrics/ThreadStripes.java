package io.parley.server.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One stripe per thread that records, for metrics written from many threads without contention:
 * a thread gets its own stripe on first use, and a scrape reads them all. Stripes belong to their
 * threads for the life of the server (the recording threads are few and long-lived).
 */
final class ThreadStripes<S> {
    private final List<S> all = new CopyOnWriteArrayList<>();
    private final ThreadLocal<S> local;

    ThreadStripes(Supplier<S> newStripe) {
        this.local = ThreadLocal.withInitial(() -> {
            S s = newStripe.get();
            all.add(s);
            return s;
        });
    }

    /** The calling thread's stripe. */
    S mine() {
        return local.get();
    }

    /** Every stripe so far, for a scrape. */
    List<S> all() {
        return all;
    }
}
