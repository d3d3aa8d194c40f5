package io.parley.server.store;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.cluster.RedisConnector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OfflineStore} in Redis for cluster mode, so a message cached on one node is delivered at
 * the recipient's next login on any node. Per recipient a sorted set {@code parley:off:{app:user}}
 * scored by the recipient's own sequence {@code parley:offseq:{app:user}} (members
 * {@code seq:payload}); both share a hash tag, so the append script runs in one slot of a Redis
 * Cluster. The cap (newest win) is applied in that script, and both keys expire one TTL after the
 * last append. Messages older than the TTL by the policy's clock are never returned and are removed
 * by {@link #purgeExpired}.
 *
 * <p>{@code parley:off:users} (the recipients with messages, for the purge and {@link #size}) and
 * {@code parley:off:count} (the gauge) are kept next to the script, not inside it: they are
 * bookkeeping, and a key missing from the index still expires on its own.
 *
 * <p>Messages stored by earlier versions (one global sequence, keys without a hash tag) are moved to
 * this layout when the store starts on a single Redis ({@link #migrateLegacy}).
 */
public final class RedisOfflineStore implements OfflineStore {
    private static final Logger log = LoggerFactory.getLogger(RedisOfflineStore.class);
    private static final String PREFIX = "parley:off:";
    private static final String INDEX = "parley:off:users";
    private static final String COUNT = "parley:off:count";
    private static final String APPEND = """
            local seq = redis.call('INCR', KEYS[2])
            redis.call('ZADD', KEYS[1], seq, seq .. ':' .. ARGV[1])
            local n = redis.call('ZCARD', KEYS[1])
            local max = tonumber(ARGV[2])
            local evicted = 0
            if n > max then evicted = redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - max - 1) end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return {seq, evicted}
            """;
    private static final String REMOVE = """
            local removed = 0
            for i = 1, #ARGV do removed = removed + redis.call('ZREMRANGEBYSCORE', KEYS[1], ARGV[i], ARGV[i]) end
            return {removed, redis.call('ZCARD', KEYS[1])}
            """;
    /** Earlier layout → this one (single Redis only: the keys may hash to different slots). */
    private static final String MIGRATE = """
            local items = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
            local top = tonumber(redis.call('GET', KEYS[3]) or '0')
            for i = 1, #items, 2 do
              local score = tonumber(items[i + 1])
              redis.call('ZADD', KEYS[2], score, items[i])
              if score > top then top = score end
            end
            local ttl = redis.call('PTTL', KEYS[1])
            redis.call('SET', KEYS[3], top)
            if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) redis.call('PEXPIRE', KEYS[3], ttl) end
            redis.call('DEL', KEYS[1])
            redis.call('SREM', KEYS[4], KEYS[1])
            if #items > 0 then redis.call('SADD', KEYS[4], KEYS[2]) end
            return #items / 2
            """;

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final StorePolicy policy;
    private final AtomicLong approximate = new AtomicLong();

    public RedisOfflineStore(RedisConnector connector, StorePolicy policy) {
        this.redis = connector.async();
        this.policy = policy;
        if (!connector.clustered()) {
            migrateLegacy().join();
        }
        redis.get(COUNT).thenAccept(v -> approximate.set(v == null ? 0 : Long.parseLong(new String(v, StandardCharsets.UTF_8))));
    }

    /** The recipient's messages. The part in braces is the hash tag both of the recipient's keys share. */
    static String key(String appId, String userId) {
        return PREFIX + "{" + appId + ":" + userId + "}";
    }

    private static String seqKey(String messagesKey) {
        return "parley:offseq:" + messagesKey.substring(PREFIX.length());
    }

    @Override
    public CompletableFuture<StoredMessage> append(String appId, String userId, StoredMessage message) {
        String key = key(appId, userId);
        return redis.<List<Object>>eval(APPEND, ScriptOutputType.MULTI, new String[] {key, seqKey(key)},
                        StoredMessageCodec.encode(message), RedisConnector.bytes(policy.maxPerUser()),
                        RedisConnector.bytes(policy.ttl().toMillis()))
                .thenCompose(r -> {
                    long evicted = (Long) r.get(1);
                    CompletableFuture<Long> indexed = redis.sadd(INDEX, RedisConnector.bytes(key)).toCompletableFuture();
                    CompletableFuture<Long> counted = redis.incrby(COUNT, 1 - evicted).toCompletableFuture();
                    StoredMessage stored = message.withSeq((Long) r.get(0));
                    // the message is stored once the script ran; the bookkeeping may fail without losing it
                    return CompletableFuture.allOf(indexed, counted).handle((x, err) -> {
                        if (err == null) {
                            approximate.set(counted.join());
                        }
                        return stored;
                    });
                }).toCompletableFuture();
    }

    @Override
    public CompletableFuture<List<StoredMessage>> load(String appId, String userId) {
        String key = key(appId, userId);
        return redis.zrangeWithScores(key, 0, -1).thenCompose(members -> {
            List<StoredMessage> live = new ArrayList<>();
            List<Long> expired = new ArrayList<>();
            for (ScoredValue<byte[]> v : members) {
                StoredMessage m = decode(v.getValue());
                if (policy.expired(m)) {
                    expired.add(m.seq());
                } else {
                    live.add(m);
                }
            }
            if (expired.isEmpty()) {
                return CompletableFuture.completedFuture(live);
            }
            return removeCounting(key, expired).thenApply(x -> live);
        }).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> remove(String appId, String userId, List<Long> seqs) {
        if (seqs.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return removeCounting(key(appId, userId), seqs).thenApply(n -> (Void) null);
    }

    private CompletableFuture<Long> removeCounting(String key, List<Long> seqs) {
        byte[][] args = seqs.stream().map(RedisConnector::bytes).toArray(byte[][]::new);
        return redis.<List<Object>>eval(REMOVE, ScriptOutputType.MULTI, new String[] {key}, args)
                .thenCompose(r -> {
                    long removed = (Long) r.get(0);
                    CompletableFuture<?> unindexed = (Long) r.get(1) == 0
                            ? redis.srem(INDEX, RedisConnector.bytes(key)).toCompletableFuture()
                            : CompletableFuture.completedFuture(null);
                    CompletableFuture<Long> counted = removed > 0 ? redis.decrby(COUNT, removed).toCompletableFuture()
                            : CompletableFuture.completedFuture(null);
                    return CompletableFuture.allOf(unindexed, counted).handle((x, err) -> {
                        if (err == null && counted.join() != null) {
                            approximate.set(counted.join());
                        }
                        return removed;
                    });
                }).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Integer> purgeExpired() {
        return redis.smembers(INDEX).thenCompose(keys -> {
            List<CompletableFuture<Long>> removals = new ArrayList<>();
            for (byte[] k : keys) {
                String key = new String(k, StandardCharsets.UTF_8);
                removals.add(redis.zrange(key, 0, -1).thenCompose(members -> {
                    if (members.isEmpty()) { // expired as a whole
                        return redis.srem(INDEX, k).thenApply(x -> 0L);
                    }
                    List<Long> expired = members.stream().map(RedisOfflineStore::decode).filter(policy::expired)
                            .map(StoredMessage::seq).toList();
                    if (expired.isEmpty()) {
                        return CompletableFuture.completedFuture(0L);
                    }
                    return removeCounting(key, expired);
                }).toCompletableFuture());
            }
            return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new))
                    .thenApply(x -> removals.stream().mapToLong(CompletableFuture::join).sum());
        }).thenApply(Long::intValue).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Long> size() {
        return redis.smembers(INDEX).thenCompose(keys -> {
            List<CompletableFuture<Long>> counts = keys.stream()
                    .map(k -> redis.zcard(new String(k, StandardCharsets.UTF_8)).toCompletableFuture()).toList();
            return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
                    .thenApply(x -> counts.stream().mapToLong(CompletableFuture::join).sum());
        }).toCompletableFuture();
    }

    @Override
    public long approximateSize() {
        return approximate.get();
    }

    /**
     * Moves messages stored by versions before the hash-tagged layout ({@code parley:off:app:user},
     * one global sequence) to their recipients' new keys, keeping their seqs; completes with how
     * many moved. Runs only on a single Redis (earlier versions never ran on a Redis Cluster).
     */
    CompletableFuture<Long> migrateLegacy() {
        return redis.smembers(INDEX).thenCompose(keys -> {
            List<CompletableFuture<Long>> moves = new ArrayList<>();
            for (byte[] k : keys) {
                String legacy = new String(k, StandardCharsets.UTF_8);
                String rest = legacy.substring(Math.min(PREFIX.length(), legacy.length()));
                int colon = rest.indexOf(':'); // app ids have no ':'; user ids may
                if (!legacy.startsWith(PREFIX) || rest.startsWith("{") || colon < 0) {
                    continue;
                }
                String key = key(rest.substring(0, colon), rest.substring(colon + 1));
                moves.add(redis.<Long>eval(MIGRATE, ScriptOutputType.INTEGER,
                        new String[] {legacy, key, seqKey(key), INDEX}).toCompletableFuture());
            }
            return CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new))
                    .thenApply(x -> moves.stream().mapToLong(CompletableFuture::join).sum());
        }).thenApply(n -> {
            if (n > 0) {
                log.info("moved {} offline message(s) to the hash-tagged key layout", n);
            }
            return n;
        }).toCompletableFuture();
    }

    /** Member = "seq:" + payload. */
    private static StoredMessage decode(byte[] member) {
        int colon = 0;
        while (member[colon] != ':') {
            colon++;
        }
        long seq = Long.parseLong(new String(member, 0, colon, StandardCharsets.US_ASCII));
        return StoredMessageCodec.decode(seq, Arrays.copyOfRange(member, colon + 1, member.length));
    }

    @Override
    public void close() {
        // the connector is owned and closed by the server
    }
}
