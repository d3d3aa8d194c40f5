package io.parley.loadtest;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One p2p sender of the lean clients, on one connection's event loop (all its state is touched
 * there only). Closed loop (default): {@code window} messages in flight, each answer sends the next.
 * Paced ({@code --msg-rate}): messages fall due at a fixed interval and go out on a 1 ms tick while
 * fewer than {@code window} are in flight; latency is counted from the time a message was due (at
 * most one tick before it was sent), so a server that falls behind shows it in the percentiles
 * instead of slowing the offered load down.
 */
abstract class P2pSender {
    /** How often a paced sender looks at what is due. */
    static final long PACE_TICK_MICROS = 1_000;
    private static final int MASK = 0xFFFF;

    private final long[] sentAt = new long[MASK + 1];
    private final Stats stats;
    private final AtomicBoolean running;
    private final AtomicLong inFlightTotal;
    private final int window;
    private final long intervalNanos;
    private long nextDue;
    private int inFlight;
    private int nextId = 2;

    /** {@code perSecond} 0: closed loop. */
    P2pSender(Stats stats, AtomicBoolean running, AtomicLong inFlightTotal, int window, double perSecond) {
        this.stats = stats;
        this.running = running;
        this.inFlightTotal = inFlightTotal;
        this.window = window;
        this.intervalNanos = perSecond > 0 ? Math.max(1, Math.round(1e9 / perSecond)) : 0;
    }

    /** Puts one message with this id on the wire, flushed at once. */
    abstract void transmit(int id);

    /** Writes one message with this id without flushing: a paced tick flushes its messages once. */
    abstract void write(int id);

    abstract void flush();

    /** Runs {@code task} on this sender's event loop. */
    abstract void onLoop(Runnable task);

    /** Runs {@code task} every {@code periodMicros} on this sender's event loop. */
    abstract void every(long periodMicros, Runnable task);

    /** Starts sending (on the event loop): the first window, or the pacing from {@code startNanos}. */
    final void begin(long startNanos) {
        if (intervalNanos == 0) {
            for (int w = 0; w < window; w++) {
                send(System.nanoTime());
            }
        } else {
            nextDue = startNanos;
        }
    }

    final boolean paced() {
        return intervalNanos > 0;
    }

    /** Paced mode, every tick: sends what has fallen due, as far as the window allows. */
    final void tick() {
        long now = System.nanoTime();
        boolean wrote = false;
        long tickStart = now - PACE_TICK_MICROS * 1_000;
        while (running.get() && inFlight < window && now - nextDue >= 0) {
            // from when it was due, but not from before this tick: the tick's own granularity is the
            // generator's, not the server's; a sender running late still shows it
            write(next(nextDue - tickStart > 0 ? nextDue : tickStart));
            nextDue += intervalNanos;
            wrote = true;
        }
        if (wrote) {
            flush(); // the messages due in one tick go out together, as an app's burst would
        }
    }

    private void send(long dueNanos) {
        if (running.get()) {
            transmit(next(dueNanos));
        }
    }

    private int next(long dueNanos) {
        inFlight++;
        inFlightTotal.incrementAndGet();
        stats.sent.increment();
        int id = nextId;
        nextId = id >= 0x3FFF_FFFF ? 2 : id + 1;
        sentAt[id & MASK] = dueNanos;
        return id;
    }

    /** The answer to message {@code id}: {@code error} null for OK. */
    final void answered(long id, String error) {
        inFlight--;
        inFlightTotal.decrementAndGet();
        if (error == null) {
            stats.ok(System.nanoTime() - sentAt[(int) id & MASK]);
        } else {
            stats.error(error);
        }
        if (intervalNanos == 0) {
            send(System.nanoTime());
        }
    }
}
