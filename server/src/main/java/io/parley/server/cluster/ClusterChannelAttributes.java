package io.parley.server.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Channel attributes' cluster port: a channel's attributes kept where every node reads and writes
 * them. In cluster mode {@link RedisChannelAttributes} (the in-memory reference:
 * {@link LocalChannelAttributes}); on a single node the attribute service keeps them in memory and
 * has no port yet (issue 19, part 1).
 */
public interface ClusterChannelAttributes {
    /** The stored attributes as bytes (an encoded ChannelAttributes), or null. */
    CompletableFuture<byte[]> get(ChannelKey key);

    /** Replaces {@code expected} (null = absent) by {@code next} (empty = delete); false if it changed meanwhile. */
    CompletableFuture<Boolean> compareAndSet(ChannelKey key, byte[] expected, byte[] next);

    /** The channel has no members in the cluster: the attributes go after {@code ttl} unless it gets one. */
    void expireAfter(ChannelKey key, Duration ttl);

    void persist(ChannelKey key);
}
