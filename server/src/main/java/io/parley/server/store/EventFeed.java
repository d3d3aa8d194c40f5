package io.parley.server.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Per-app buffers of user events (Login/Logout) and channel events (Join/Leave) for Agora's
 * consume-once event APIs: each buffer keeps the newest {@code capacity} events (the oldest are
 * dropped), and {@link #take} removes what it returns, oldest first. {@link LocalEventFeed} on one
 * node; {@link RedisEventFeed} in cluster mode, where every node appends to one buffer per app.
 */
public interface EventFeed {
    enum Kind {
        USER,
        CHANNEL
    }

    void append(String appId, FeedEvent event);

    /** Removes and returns up to {@code max} of the app's oldest buffered events of {@code kind}. */
    CompletableFuture<List<FeedEvent>> take(String appId, Kind kind, int max);

    static Kind kindOf(FeedEvent e) {
        return e.type().isChannelEvent() ? Kind.CHANNEL : Kind.USER;
    }
}
