package io.parley.server.cluster;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Operator bans in Redis ({@code parley:ban:{app}:{user}} = until, expiring with the ban) for nodes that start later. */
public final class RedisBans implements ClusterNode.BanStore {
    private static final String PREFIX = "parley:ban:";
    private final RedisClusterAsyncCommands<String, byte[]> redis;

    public RedisBans(RedisConnector connector) {
        this.redis = connector.async();
    }

    @Override
    public void save(String appId, String userId, long untilMillis) {
        long ttl = untilMillis - System.currentTimeMillis();
        if (ttl > 0) {
            redis.set(PREFIX + appId + ":" + userId, RedisConnector.bytes(untilMillis), SetArgs.Builder.px(ttl));
        }
    }

    @Override
    public void delete(String appId, String userId) {
        redis.del(PREFIX + appId + ":" + userId);
    }

    @Override
    public CompletableFuture<List<String[]>> all() {
        List<String[]> out = new ArrayList<>();
        return scan(ScanCursor.INITIAL, out).thenApply(x -> out);
    }

    private CompletableFuture<Void> scan(ScanCursor cursor, List<String[]> out) {
        return redis.scan(cursor, ScanArgs.Builder.matches(PREFIX + "*").limit(500)).toCompletableFuture()
                .thenCompose((KeyScanCursor<String> page) -> {
                    List<CompletableFuture<Void>> gets = new ArrayList<>();
                    for (String key : page.getKeys()) {
                        String rest = key.substring(PREFIX.length());
                        int colon = rest.indexOf(':');
                        gets.add(redis.get(key).thenAccept(v -> {
                            if (v != null) {
                                synchronized (out) {
                                    out.add(new String[] {rest.substring(0, colon), rest.substring(colon + 1),
                                            new String(v, StandardCharsets.UTF_8)});
                                }
                            }
                        }).toCompletableFuture());
                    }
                    CompletableFuture<Void> all = CompletableFuture.allOf(gets.toArray(CompletableFuture[]::new));
                    return page.isFinished() ? all : all.thenCompose(x -> scan(page, out));
                });
    }
}
