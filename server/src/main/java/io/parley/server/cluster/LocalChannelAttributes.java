package io.parley.server.cluster;

import io.parley.server.cluster.ChannelKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ClusterChannelAttributes} in memory: in-process clusters in tests, the reference for the contract. */
public final class LocalChannelAttributes implements ClusterChannelAttributes {
    private final Map<ChannelKey, byte[]> values = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<byte[]> get(ChannelKey key) {
        return CompletableFuture.completedFuture(values.get(key));
    }

    @Override
    public synchronized CompletableFuture<Boolean> compareAndSet(ChannelKey key, byte[] expected, byte[] next) {
        byte[] cur = values.get(key);
        boolean same = expected == null ? cur == null : cur != null && Arrays.equals(cur, expected);
        if (!same) {
            return CompletableFuture.completedFuture(false);
        }
        if (next.length == 0) {
            values.remove(key);
        } else {
            values.put(key, next);
        }
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public void expireAfter(ChannelKey key, Duration ttl) {
        // in memory the service's own sweep handles empty channels
    }

    @Override
    public void persist(ChannelKey key) {
    }
}
