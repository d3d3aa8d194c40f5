package io.parley.server.cluster;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis pub/sub for the node: topics are subscribed and published by name, and every message
 * received goes to every listener with its topic. On a single Redis these are plain channels
 * ({@code SUBSCRIBE}/{@code PUBLISH}); on a Redis Cluster they are sharded channels
 * ({@code SSUBSCRIBE}/{@code SPUBLISH}, Redis 7), so a message crosses only the master that owns
 * its topic's slot instead of the whole cluster bus.
 *
 * <p>The topics held are remembered; {@link #resubscribe()} subscribes them again (run after an
 * outage: a master that restarted knows no subscriptions), and on a Redis Cluster so does every
 * reconnect of a pub/sub connection ({@link #connected}): the client library's own recovery of
 * sharded subscriptions is not relied upon.
 */
public final class RedisTopics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisTopics.class);
    private static final Executor RETRY_DELAY = CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS);

    private final StatefulRedisPubSubConnection<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> commands;
    private final boolean sharded;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final List<BiConsumer<String, byte[]>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong drops = new AtomicLong();
    private volatile boolean closed;

    private RedisTopics(StatefulRedisPubSubConnection<String, byte[]> connection,
                        RedisClusterAsyncCommands<String, byte[]> commands, boolean sharded) {
        this.connection = connection;
        this.commands = commands;
        this.sharded = sharded;
    }

    static RedisTopics single(StatefulRedisPubSubConnection<String, byte[]> connection,
                              RedisClusterAsyncCommands<String, byte[]> commands) {
        RedisTopics t = new RedisTopics(connection, commands, false);
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String topic, byte[] message) {
                t.dispatch(topic, message);
            }
        });
        return t;
    }

    static RedisTopics sharded(StatefulRedisClusterPubSubConnection<String, byte[]> connection,
                               RedisClusterAsyncCommands<String, byte[]> commands) {
        RedisTopics t = new RedisTopics(connection, commands, true);
        connection.setNodeMessagePropagation(true); // messages arrive on the connection to each slot's master
        connection.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, String topic, byte[] message) {
                t.dispatch(topic, message);
            }
        });
        return t;
    }

    private void dispatch(String topic, byte[] message) {
        for (BiConsumer<String, byte[]> l : listeners) {
            try {
                l.accept(topic, message);
            } catch (RuntimeException e) {
                log.error("handler of Redis topic {} failed", topic, e);
            }
        }
    }

    /** Every message received, with its topic, goes to {@code listener} (on a Redis I/O thread). */
    public void listen(BiConsumer<String, byte[]> listener) {
        listeners.add(listener);
    }

    /** Whether this is sharded pub/sub (a Redis Cluster). */
    public boolean sharded() {
        return sharded;
    }

    public CompletableFuture<Void> subscribe(String topic) {
        held.add(topic);
        return send(topic);
    }

    private CompletableFuture<Void> send(String topic) {
        return (sharded ? connection.async().ssubscribe(topic) : connection.async().subscribe(topic)).toCompletableFuture();
    }

    public CompletableFuture<Void> unsubscribe(String topic) {
        held.remove(topic);
        return (sharded ? connection.async().sunsubscribe(topic) : connection.async().unsubscribe(topic)).toCompletableFuture();
    }

    /** Completes with the number of subscribers that received the message (0: nobody listens). */
    public CompletableFuture<Long> publish(String topic, byte[] message) {
        return (sharded ? commands.spublish(topic, message) : commands.publish(topic, message)).toCompletableFuture();
    }

    /**
     * Subscribes every held topic again, each on its own (they may live on different masters and
     * slots). A topic whose subscribe fails is tried again every second until it succeeds, is
     * unsubscribed or the connection is closed; the result completes then.
     */
    public CompletableFuture<Void> resubscribe() {
        return CompletableFuture.allOf(held.stream().map(this::resubscribe).toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> resubscribe(String topic) {
        return send(topic).exceptionallyCompose(e -> {
            if (closed || !held.contains(topic)) {
                return CompletableFuture.completedFuture(null);
            }
            log.debug("subscribing {} again failed, retrying in 1 s: {}", topic, e.toString());
            return CompletableFuture.runAsync(() -> { }, RETRY_DELAY).thenCompose(x -> resubscribe(topic));
        });
    }

    /**
     * A pub/sub connection to one Redis (one master, at {@code address}) came up, or up again. The
     * client library replays a connection's sharded subscriptions as one {@code SSUBSCRIBE}, which a
     * master refuses ({@code CROSSSLOT}) when they hash to more than one slot, so the topics would
     * stay unsubscribed with nothing to notice it: every held topic is subscribed again here, one by
     * one (subscribing a topic held already changes nothing).
     */
    void connected(Object address) {
        if (sharded && !closed && !held.isEmpty()) {
            log.info("Redis pub/sub connection to {} up: subscribing {} topic(s) again", address, held.size());
            resubscribe();
        }
    }

    /** A pub/sub connection was lost: what was published meanwhile did not reach this node. */
    void dropped() {
        drops.incrementAndGet();
    }

    /**
     * How many times a pub/sub connection was lost so far: when it moved, this node may have missed
     * messages (even if the outage was too short for anything else to notice it).
     */
    public long drops() {
        return drops.get();
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
    }
}
