package io.parley.server.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** {@link EventFeed} in memory, for one node: a bounded deque per app and kind. */
public final class LocalEventFeed implements EventFeed {
    private final int capacity;
    private final Map<String, ArrayDeque<FeedEvent>> buffers = new ConcurrentHashMap<>();

    public LocalEventFeed(int capacity) {
        this.capacity = capacity;
    }

    private ArrayDeque<FeedEvent> buffer(String appId, Kind kind) {
        return buffers.computeIfAbsent(kind.name() + '\0' + appId, k -> new ArrayDeque<>());
    }

    @Override
    public void append(String appId, FeedEvent event) {
        ArrayDeque<FeedEvent> b = buffer(appId, EventFeed.kindOf(event));
        synchronized (b) {
            if (b.size() >= capacity) {
                b.pollFirst();
            }
            b.addLast(event);
        }
    }

    @Override
    public CompletableFuture<List<FeedEvent>> take(String appId, Kind kind, int max) {
        ArrayDeque<FeedEvent> b = buffer(appId, kind);
        List<FeedEvent> out = new ArrayList<>();
        synchronized (b) {
            while (out.size() < max && !b.isEmpty()) {
                out.add(b.pollFirst());
            }
        }
        return CompletableFuture.completedFuture(out);
    }
}
