package io.parley.server.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Channel attributes' cluster port: a channel's attributes kept where every node reads and writes
 * them, as the bytes of an encoded ChannelAttributes changed by compare-and-set. On a single node
 * {@link SingleNodeChannelAttributes} (memory, answering at once on the caller's thread); in cluster
 * mode {@link RedisChannelAttributes}; one contract test runs on both.
 */
public interface ClusterChannelAttributes {
    /** The stored attributes as bytes (an encoded ChannelAttributes), or null. */
    CompletableFuture<byte[]> get(ChannelKey key);

    /** Replaces {@code expected} (null = absent) by {@code next} (empty = delete); false if it changed meanwhile. */
    CompletableFuture<Boolean> compareAndSet(ChannelKey key, byte[] expected, byte[] next);

    /** The channel has no members in the cluster: the attributes go after {@code ttl} unless it gets one. */
    void expireAfter(ChannelKey key, Duration ttl);

    /** The channel has members again: its attributes stay. */
    void persist(ChannelKey key);

    /** Removes what is past its time, for a store without its own expiry (Redis expires keys itself). */
    default void sweep() {
    }
}
