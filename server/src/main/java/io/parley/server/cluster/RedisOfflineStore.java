package io.parley.server.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.parley.server.store.OfflineStore;
import io.parley.server.store.StorePolicy;
import io.parley.server.store.StoredMessage;
import io.parley.server.store.StoredMessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link OfflineStore} in Redis for cluster mode, so a message cached on one node is delivered at
 * the recipient's next login on any node. Per recipient a sorted set {@code parley:off:{app}:{user}}
 * scored by a global sequence (members {@code seq:payload}); the cap (newest win) is applied in the
 * same Lua script as the append, and the key expires one TTL after its last append. Messages older
 * than the TTL by the policy's clock are never returned and are removed by {@link #purgeExpired}.
 */
public final class RedisOfflineStore implements OfflineStore {
    private static final String SEQ = "parley:off:seq";
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
            redis.call('SADD', KEYS[3], KEYS[1])
            return {seq, redis.call('INCRBY', KEYS[4], 1 - evicted)}
            """;
    private static final String REMOVE = """
            local removed = 0
            for i = 1, #ARGV do removed = removed + redis.call('ZREMRANGEBYSCORE', KEYS[1], ARGV[i], ARGV[i]) end
            if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], KEYS[1]) end
            return {removed, redis.call('DECRBY', KEYS[3], removed)}
            """;

    private final RedisAsyncCommands<String, byte[]> redis;
    private final StorePolicy policy;
    private final AtomicLong approximate = new AtomicLong();

    public RedisOfflineStore(RedisConnector connector, StorePolicy policy) {
        this.redis = connector.async();
        this.policy = policy;
        redis.get(COUNT).thenAccept(v -> approximate.set(v == null ? 0 : Long.parseLong(new String(v, StandardCharsets.UTF_8))));
    }

    private static String key(String appId, String userId) {
        return "parley:off:" + appId + ":" + userId;
    }

    @Override
    public CompletableFuture<StoredMessage> append(String appId, String userId, StoredMessage message) {
        return redis.<List<Object>>eval(APPEND, ScriptOutputType.MULTI, new String[] {key(appId, userId), SEQ, INDEX, COUNT},
                        StoredMessageCodec.encode(message), RedisConnector.bytes(policy.maxPerUser()),
                        RedisConnector.bytes(policy.ttl().toMillis()))
                .thenApply(r -> {
                    approximate.set((Long) r.get(1));
                    return message.withSeq((Long) r.get(0));
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
            return remove(appId, userId, expired).thenApply(x -> live);
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
        return redis.<List<Object>>eval(REMOVE, ScriptOutputType.MULTI, new String[] {key, INDEX, COUNT}, args)
                .thenApply(r -> {
                    approximate.set((Long) r.get(1));
                    return (Long) r.get(0);
                }).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Integer> purgeExpired() {
        return redis.smembers(INDEX).thenCompose(keys -> {
            List<CompletableFuture<Long>> removals = new ArrayList<>();
            for (byte[] k : keys) {
                String key = new String(k, StandardCharsets.UTF_8);
                removals.add(redis.zrange(key, 0, -1).thenCompose(members -> {
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
        // the connector is owned and closed by the cluster node
    }
}
