package io.parley.server.store;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.cluster.RedisConnector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * {@link MessageHistory} in Redis for cluster mode: every node appends to and queries the same
 * per-app history. Per app (all keys hash-tagged {@code {app}}, so one app's keys share a slot):
 * a hash of records by id and four sorted sets of ids scored by receive time — all records, by
 * sender, by destination, by the pair — written together by one script. Ids are zero-padded so
 * records of the same millisecond keep their order. {@link #purge} trims by retention and cap.
 */
public final class RedisMessageHistory implements MessageHistory {
    private static final String APPS = "parley:hist:apps";
    private static final String APPEND = """
            local id = string.format('%016d', redis.call('INCR', KEYS[1]))
            redis.call('HSET', KEYS[2], id, ARGV[1])
            for i = 3, 6 do redis.call('ZADD', KEYS[i], ARGV[2], id) end
            return id
            """;

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final Duration retention;
    private final long maxPerApp;
    private final LongSupplier clock;

    public RedisMessageHistory(RedisConnector connector, Duration retention, long maxPerApp, LongSupplier clockMillis) {
        this.redis = connector.async();
        this.retention = retention;
        this.maxPerApp = maxPerApp;
        this.clock = clockMillis;
    }

    private static String base(String appId) {
        return "parley:hist:{" + appId + "}:";
    }

    private static String all(String appId) {
        return base(appId) + "all";
    }

    private static String bySource(String appId, String source) {
        return base(appId) + "s:" + source;
    }

    private static String byDestination(String appId, String destination) {
        return base(appId) + "d:" + destination;
    }

    /** The sender's length first: ids may contain ':', so "a:b" + "c" and "a" + "b:c" stay apart. */
    private static String byPair(String appId, String source, String destination) {
        return base(appId) + "p:" + source.length() + ":" + source + ":" + destination;
    }

    private static String index(String appId, HistoryFilter f) {
        return f.source() != null && f.destination() != null ? byPair(appId, f.source(), f.destination())
                : f.source() != null ? bySource(appId, f.source()) : byDestination(appId, f.destination());
    }

    @Override
    public CompletableFuture<Void> append(String appId, HistoryRecord r) {
        String b = base(appId);
        return redis.<byte[]>eval(APPEND, ScriptOutputType.VALUE,
                        new String[] {b + "seq", b + "rec", all(appId), bySource(appId, r.source()),
                                byDestination(appId, r.destination()), byPair(appId, r.source(), r.destination())},
                        HistoryRecordCodec.encode(r), RedisConnector.bytes(r.ms()))
                .thenCompose(id -> redis.sadd(APPS, RedisConnector.bytes(appId)))
                .<Void>thenApply(x -> null).toCompletableFuture();
    }

    @Override
    public CompletableFuture<List<HistoryRecord>> query(String appId, HistoryFilter f, int offset, int limit,
                                                        boolean descending) {
        Range<Long> range = Range.create(f.fromMs(), f.toMs());
        Limit page = Limit.create(offset, limit);
        String key = index(appId, f);
        return (descending ? redis.zrevrangebyscore(key, range, page) : redis.zrangebyscore(key, range, page))
                .thenCompose(ids -> {
                    if (ids.isEmpty()) {
                        return CompletableFuture.completedFuture(List.<HistoryRecord>of());
                    }
                    return redis.hmget(base(appId) + "rec", ids.stream().map(RedisMessageHistory::text)
                            .toArray(String[]::new)).thenApply(values -> {
                                List<HistoryRecord> out = new ArrayList<>(values.size());
                                values.forEach(kv -> {
                                    HistoryRecord r = kv.hasValue() ? HistoryRecordCodec.decode(kv.getValue()) : null;
                                    if (r != null) {
                                        out.add(r);
                                    }
                                });
                                return out;
                            });
                }).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Long> count(String appId, HistoryFilter f) {
        return redis.zcount(index(appId, f), Range.create(f.fromMs(), f.toMs())).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Long> purge() {
        long cutoff = clock.getAsLong() - retention.toMillis();
        return redis.smembers(APPS).thenCompose(apps -> {
            CompletableFuture<Long> total = CompletableFuture.completedFuture(0L);
            for (byte[] app : apps) {
                String appId = text(app);
                total = total.thenCompose(sum -> purge(appId, cutoff).thenApply(n -> sum + n));
            }
            return total;
        }).toCompletableFuture();
    }

    /** The app's records before {@code cutoff}, then its oldest beyond the cap, with their index entries. */
    private CompletableFuture<Long> purge(String appId, long cutoff) {
        String all = all(appId);
        return redis.zrangebyscore(all, Range.create(Long.MIN_VALUE, cutoff - 1)).thenCompose(expired ->
                remove(appId, expired).thenCompose(n -> redis.zcard(all).thenCompose(size -> {
                    if (size <= maxPerApp) {
                        return CompletableFuture.completedFuture(n);
                    }
                    return redis.zrange(all, 0, size - maxPerApp - 1)
                            .thenCompose(oldest -> remove(appId, oldest)).thenApply(m -> n + m);
                }))).toCompletableFuture();
    }

    private CompletableFuture<Long> remove(String appId, List<byte[]> ids) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        String rec = base(appId) + "rec";
        String[] names = ids.stream().map(RedisMessageHistory::text).toArray(String[]::new);
        return redis.hmget(rec, names).thenCompose(values -> {
            List<CompletableFuture<?>> ops = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                byte[] id = ids.get(i);
                var kv = values.get(i);
                HistoryRecord r = kv.hasValue() ? HistoryRecordCodec.decode(kv.getValue()) : null;
                if (r != null) {
                    ops.add(redis.zrem(bySource(appId, r.source()), id).toCompletableFuture());
                    ops.add(redis.zrem(byDestination(appId, r.destination()), id).toCompletableFuture());
                    ops.add(redis.zrem(byPair(appId, r.source(), r.destination()), id).toCompletableFuture());
                }
                ops.add(redis.zrem(all(appId), id).toCompletableFuture());
            }
            ops.add(redis.hdel(rec, names).toCompletableFuture());
            return CompletableFuture.allOf(ops.toArray(CompletableFuture[]::new)).thenApply(x -> (long) names.length);
        }).toCompletableFuture();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // the connector belongs to the server
    }
}
