package io.parley.server.store;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.cluster.RedisConnector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventFeed} in Redis for cluster mode: one list per app and kind
 * ({@code parley:events:{app}:user|channel}) that every node pushes to (newest at the head,
 * trimmed to the capacity) and a reader pops from the tail (oldest first, {@code RPOP key count},
 * atomic, so no event is returned twice).
 */
public final class RedisEventFeed implements EventFeed {
    private static final Logger log = LoggerFactory.getLogger(RedisEventFeed.class);

    /** Push and trim as one step: no reader ever sees the buffer over its capacity. */
    private static final String APPEND = """
            redis.call('LPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            return 1
            """;

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final int capacity;

    public RedisEventFeed(RedisConnector connector, int capacity) {
        this.redis = connector.async();
        this.capacity = capacity;
    }

    private static String key(String appId, Kind kind) {
        return "parley:events:{" + appId + "}:" + (kind == Kind.USER ? "user" : "channel");
    }

    @Override
    public void append(String appId, FeedEvent event) {
        String key = key(appId, EventFeed.kindOf(event));
        redis.<Long>eval(APPEND, io.lettuce.core.ScriptOutputType.INTEGER, new String[] {key},
                        event.encode().getBytes(StandardCharsets.UTF_8), RedisConnector.bytes(capacity))
                .exceptionally(e -> {
                    log.warn("event feed append failed for app={}: {}", appId, e.toString());
                    return null;
                });
    }

    @Override
    public CompletableFuture<List<FeedEvent>> take(String appId, Kind kind, int max) {
        return redis.rpop(key(appId, kind), max).thenApply(values -> {
            List<FeedEvent> out = new ArrayList<>();
            if (values == null) {
                return out;
            }
            for (byte[] v : values) {
                FeedEvent e = FeedEvent.decode(new String(v, StandardCharsets.UTF_8));
                if (e != null) {
                    out.add(e);
                }
            }
            return out;
        }).toCompletableFuture();
    }
}
