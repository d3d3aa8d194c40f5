package io.parley.rtm.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for the whole process that times out pending requests of every client every
 * {@value #PERIOD_MILLIS} ms (RTM timeouts are 5–12 s, so the granularity is irrelevant). A
 * client's table is watched while it has pending requests and dropped once it is empty.
 */
final class DeadlineSweeper {
    private static final long PERIOD_MILLIS = 25;
    private static final Set<PendingRequests> WATCHED = ConcurrentHashMap.newKeySet();

    static {
        Thread t = new Thread(DeadlineSweeper::run, "parley-sdk-deadlines");
        t.setDaemon(true);
        t.start();
    }

    private DeadlineSweeper() {
    }

    static void watch(PendingRequests requests) {
        WATCHED.add(requests);
    }

    private static void run() {
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
                long now = System.nanoTime();
                for (PendingRequests p : WATCHED) {
                    p.expire(now);
                    if (p.isEmpty()) {
                        WATCHED.remove(p);
                        if (!p.isEmpty()) {
                            WATCHED.add(p); // a request raced in: keep watching
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // never let one bad table stop every client's timeouts
                org.slf4j.LoggerFactory.getLogger(DeadlineSweeper.class).warn("deadline sweep failed", e);
            }
        }
    }
}
