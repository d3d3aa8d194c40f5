package io.parley.rtm.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times out the pending requests of every client of one runtime, every {@value #PERIOD_MILLIS} ms
 * (RTM timeouts are 5–12 s, so the granularity is irrelevant): cheaper than a timer per request,
 * which costs a heap insert and removal for every message. A client's table is watched while it
 * has pending requests; the sweep stops when no table has any, so an idle SDK has no timer
 * waking it up (on Android, no wake-ups that cost battery).
 */
final class DeadlineSweeper {
    static final long PERIOD_MILLIS = 25;
    private static final Logger log = LoggerFactory.getLogger(DeadlineSweeper.class);

    private final Timers timers;
    private final Set<PendingRequests> watched = ConcurrentHashMap.newKeySet();
    private Timers.Task sweep; // guarded by this

    DeadlineSweeper(Timers timers) {
        this.timers = timers;
    }

    long nanoTime() {
        return timers.nanoTime();
    }

    void watch(PendingRequests requests) {
        if (watched.add(requests)) {
            synchronized (this) {
                if (sweep == null) {
                    sweep = timers.scheduleAtFixedRate(this::sweep, PERIOD_MILLIS);
                }
            }
        }
    }

    /** Whether a sweep is scheduled (for tests). */
    synchronized boolean running() {
        return sweep != null;
    }

    private void sweep() {
        long now = timers.nanoTime();
        for (PendingRequests p : watched) {
            try {
                p.expire(now);
            } catch (RuntimeException e) {
                // never let one bad table stop every client's timeouts
                log.warn("deadline sweep failed", e);
            }
            if (p.isEmpty()) {
                watched.remove(p);
                if (!p.isEmpty()) {
                    watched.add(p); // a request raced in: keep watching
                }
            }
        }
        synchronized (this) {
            if (watched.isEmpty() && sweep != null) {
                sweep.cancel();
                sweep = null;
            }
        }
    }
}
