package io.parley.server.cluster;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link SharedBans} in Redis: one sorted set {@code parley:bans} of
 * {@code app:user} scored by the time the ban ends. One key, so it lists without a key scan (on a
 * Redis Cluster a scan would have to visit every master); ended bans are dropped by score when
 * listed, which cannot drop a newer ban of the same user (its score moved on).
 *
 * <p>Bans written by versions before this layout ({@code parley:ban:app:user} keys expiring with the
 * ban) are moved into the set once, when the store opens on a single Redis (earlier versions never
 * ran on a Redis Cluster).
 */
public final class RedisBans implements SharedBans {
    private static final String LEGACY_PREFIX = "parley:ban:";
    private static final String BANS = "parley:bans";
    private final RedisClusterAsyncCommands<String, byte[]> redis;

    public RedisBans(RedisConnector connector) {
        this.redis = connector.async();
        if (!connector.clustered()) {
            moveLegacy(ScanCursor.INITIAL).join();
        }
    }

    /** {@code app:user}: app ids have no ':', user ids may. */
    private static byte[] member(String appId, String userId) {
        return (appId + ":" + userId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<Void> save(String appId, String userId, long untilMillis) {
        if (untilMillis <= System.currentTimeMillis()) {
            return CompletableFuture.completedFuture(null);
        }
        return redis.zadd(BANS, untilMillis, member(appId, userId)).toCompletableFuture().thenApply(n -> null);
    }

    @Override
    public CompletableFuture<Void> delete(String appId, String userId) {
        return redis.zrem(BANS, member(appId, userId)).toCompletableFuture().thenApply(n -> null);
    }

    @Override
    public CompletableFuture<List<ClusterBans.Banned>> all() {
        long now = System.currentTimeMillis();
        return redis.zremrangebyscore(BANS, Range.create(0, now)).toCompletableFuture()
                .thenCompose(x -> redis.zrangeWithScores(BANS, 0, -1).toCompletableFuture())
                .thenApply(scored -> {
                    List<ClusterBans.Banned> out = new ArrayList<>(scored.size());
                    for (ScoredValue<byte[]> v : scored) {
                        String member = new String(v.getValue(), StandardCharsets.UTF_8);
                        int colon = member.indexOf(':');
                        out.add(new ClusterBans.Banned(member.substring(0, colon), member.substring(colon + 1),
                                (long) v.getScore()));
                    }
                    return out;
                });
    }

    /** One {@code ZADD GT}: a later end kept already stays. */
    @Override
    public CompletableFuture<Void> restore(List<ClusterBans.Banned> bans) {
        if (bans.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        @SuppressWarnings("unchecked")
        ScoredValue<byte[]>[] values = new ScoredValue[bans.size()];
        for (int i = 0; i < values.length; i++) {
            ClusterBans.Banned b = bans.get(i);
            values[i] = ScoredValue.just(b.untilMillis(), member(b.appId(), b.userId()));
        }
        return redis.zadd(BANS, ZAddArgs.Builder.gt(), values).toCompletableFuture().thenApply(n -> null);
    }

    private CompletableFuture<Void> moveLegacy(ScanCursor cursor) {
        return redis.scan(cursor, ScanArgs.Builder.matches(LEGACY_PREFIX + "*").limit(500)).toCompletableFuture()
                .thenCompose((KeyScanCursor<String> page) -> {
                    List<CompletableFuture<?>> moves = new ArrayList<>();
                    for (String key : page.getKeys()) {
                        byte[] member = key.substring(LEGACY_PREFIX.length()).getBytes(StandardCharsets.UTF_8);
                        moves.add(redis.get(key).toCompletableFuture().thenCompose(until -> until == null
                                ? CompletableFuture.completedFuture(null)
                                : redis.zadd(BANS, Long.parseLong(new String(until, StandardCharsets.UTF_8)), member)
                                        .toCompletableFuture().thenCompose(n -> redis.del(key).toCompletableFuture())));
                    }
                    CompletableFuture<Void> all = CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new));
                    return page.isFinished() ? all : all.thenCompose(x -> moveLegacy(page));
                });
    }
}
