package io.parley.server.rest;

import io.parley.server.ratelimit.RateLimiter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Agora's per-app REST call rates: messaging (peer and channel together), each event feed, and
 * the history API, each a budget per second per app. Over budget → 429.
 */
final class AppCallRates {
    enum Group {
        MESSAGES,
        USER_EVENTS,
        CHANNEL_EVENTS,
        HISTORY
    }

    private static final long SECOND = 1_000_000_000L;

    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final int messages;
    private final int events;
    private final int history;
    private final LongSupplier nanoTime;

    AppCallRates(int messagesPerSecond, int eventsPerSecond, int historyPerSecond, LongSupplier nanoTime) {
        this.messages = messagesPerSecond;
        this.events = eventsPerSecond;
        this.history = historyPerSecond;
        this.nanoTime = nanoTime;
    }

    void acquire(String appId, Group group) {
        RateLimiter l = limiters.computeIfAbsent(group.name() + '\0' + appId, k -> new RateLimiter(permits(group), SECOND,
                nanoTime));
        boolean ok;
        synchronized (l) {
            ok = l.tryAcquire();
        }
        if (!ok) {
            throw new RestError(429, "too_many_requests", "more than " + permits(group) + " calls per second to this "
                    + "API for this app");
        }
    }

    private int permits(Group g) {
        return switch (g) {
            case MESSAGES -> messages;
            case USER_EVENTS, CHANNEL_EVENTS -> events;
            case HISTORY -> history;
        };
    }
}
