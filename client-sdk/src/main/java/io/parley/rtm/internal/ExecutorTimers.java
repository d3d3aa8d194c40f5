package io.parley.rtm.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link Timers} on a scheduled executor (in production, one of the I/O threads) and the system clock. */
final class ExecutorTimers implements Timers {
    private final ScheduledExecutorService executor;

    ExecutorTimers(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Task schedule(Runnable task, long delayMillis) {
        return cancelling(executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS));
    }

    @Override
    public Task scheduleAtFixedRate(Runnable task, long periodMillis) {
        return cancelling(executor.scheduleAtFixedRate(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS));
    }

    private static Task cancelling(ScheduledFuture<?> f) {
        return () -> f.cancel(false);
    }
}
