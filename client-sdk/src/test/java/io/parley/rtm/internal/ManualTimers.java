package io.parley.rtm.internal;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/** {@link Timers} on a clock that moves only when a test calls {@link #advance}; due tasks run then, in time order. */
final class ManualTimers implements Timers {
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long nowNanos = 1_000_000_000L;
    private long seq;

    @Override
    public synchronized long nanoTime() {
        return nowNanos;
    }

    @Override
    public synchronized Task schedule(Runnable task, long delayMillis) {
        return add(task, delayMillis, 0);
    }

    @Override
    public synchronized Task scheduleAtFixedRate(Runnable task, long periodMillis) {
        return add(task, periodMillis, periodMillis);
    }

    /** Moves the clock forward, running every task that falls due on the way. */
    void advance(long millis) {
        long target;
        synchronized (this) {
            target = nowNanos + TimeUnit.MILLISECONDS.toNanos(millis);
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    nowNanos = target;
                    return;
                }
                queue.poll();
                nowNanos = next.due;
            }
            if (!next.cancelled) {
                next.task.run();
                synchronized (this) {
                    if (next.period > 0 && !next.cancelled) {
                        next.due += TimeUnit.MILLISECONDS.toNanos(next.period);
                        next.seq = seq++;
                        queue.add(next);
                    }
                }
            }
        }
    }

    /** Tasks scheduled and not cancelled. */
    synchronized long pending() {
        return queue.stream().filter(e -> !e.cancelled).count();
    }

    private Task add(Runnable task, long delayMillis, long period) {
        Entry e = new Entry(task, nowNanos + TimeUnit.MILLISECONDS.toNanos(delayMillis), period, seq++);
        queue.add(e);
        return () -> e.cancelled = true;
    }

    private static final class Entry implements Comparable<Entry> {
        final Runnable task;
        final long period;
        long due;
        long seq;
        volatile boolean cancelled;

        Entry(Runnable task, long due, long period, long seq) {
            this.task = task;
            this.due = due;
            this.period = period;
            this.seq = seq;
        }

        @Override
        public int compareTo(Entry o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }
}
