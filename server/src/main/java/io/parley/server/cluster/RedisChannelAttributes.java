package io.parley.server.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.cluster.ChannelKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Channel attributes shared by all nodes: one value per channel, {@code parley:chattr:<app>:<channel>}, replaced by compare-and-set. */
public final class RedisChannelAttributes implements ClusterChannelAttributes {
    private static final String CAS = """
            local cur = redis.call('GET', KEYS[1])
            if (cur == false and ARGV[1] == '') or cur == ARGV[2] then
              if ARGV[3] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL') end
              return 1
            end
            return 0
            """;

    private final RedisClusterAsyncCommands<String, byte[]> redis;

    public RedisChannelAttributes(RedisConnector connector) {
        this.redis = connector.async();
    }

    private static String key(ChannelKey k) {
        return "parley:chattr:" + k.appId() + ":" + k.channelId();
    }

    @Override
    public CompletableFuture<byte[]> get(ChannelKey k) {
        return redis.get(key(k)).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Boolean> compareAndSet(ChannelKey k, byte[] expected, byte[] next) {
        byte[] absent = expected == null ? new byte[0] : new byte[] {1};
        return redis.<Long>eval(CAS, ScriptOutputType.INTEGER, new String[] {key(k)}, absent,
                        expected == null ? new byte[0] : expected, next)
                .thenApply(r -> r == 1L).toCompletableFuture();
    }

    @Override
    public void expireAfter(ChannelKey k, Duration ttl) {
        redis.pexpire(key(k), ttl.toMillis());
    }

    @Override
    public void persist(ChannelKey k) {
        redis.persist(key(k));
    }
}
