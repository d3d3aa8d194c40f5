package io.parley.server.cluster;

import io.parley.server.time.DeadlineQueue;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@link ClusterChannelAttributes} of a node that is the whole cluster: in memory. A channel that
 * stays empty expires {@code ttl} after it first became empty (a later write does not push that
 * back); {@link #sweep} removes what is due, and nothing past its time is read before that.
 */
public final class SingleNodeChannelAttributes implements ClusterChannelAttributes {
    private final Map<ChannelKey, byte[]> values = new ConcurrentHashMap<>();
    /** Channels without members → when their attributes go (nanos). */
    private final Map<ChannelKey, Long> expiresAt = new ConcurrentHashMap<>();
    private final DeadlineQueue<ChannelKey> expiries = new DeadlineQueue<>();
    private final LongSupplier nanoTime;

    public SingleNodeChannelAttributes(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public CompletableFuture<byte[]> get(ChannelKey key) {
        expireIfDue(key);
        return CompletableFuture.completedFuture(values.get(key));
    }

    @Override
    public synchronized CompletableFuture<Boolean> compareAndSet(ChannelKey key, byte[] expected, byte[] next) {
        expireIfDue(key);
        byte[] cur = values.get(key);
        boolean same = expected == null ? cur == null : cur != null && Arrays.equals(cur, expected);
        if (!same) {
            return CompletableFuture.completedFuture(false);
        }
        if (next.length == 0) {
            values.remove(key);
            expiresAt.remove(key);
        } else {
            values.put(key, next);
        }
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized void expireAfter(ChannelKey key, Duration ttl) {
        if (!values.containsKey(key)) {
            return;
        }
        long at = nanoTime.getAsLong() + ttl.toNanos();
        if (expiresAt.putIfAbsent(key, at) == null) {
            expiries.add(key, at);
        }
    }

    @Override
    public synchronized void persist(ChannelKey key) {
        expiresAt.remove(key);
    }

    @Override
    public void sweep() {
        expiries.pollDue(nanoTime.getAsLong(), (key, at) -> expireIfDue(key));
    }

    private synchronized void expireIfDue(ChannelKey key) {
        Long at = expiresAt.get(key);
        if (at != null && nanoTime.getAsLong() - at >= 0) {
            expiresAt.remove(key);
            values.remove(key);
        }
    }

    /** Channels with attributes (for tests: expired ones leave). */
    int size() {
        return values.size();
    }
}
