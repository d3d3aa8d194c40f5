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
 * outage: a master that restarted knows no subscriptions, and the client library's own recovery
 * of sharded subscriptions is not relied upon).
 */
public final class RedisTopics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisTopics.class);

    private final StatefulRedisPubSubConnection<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> commands;
    private final boolean sharded;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final List<BiConsumer<String, byte[]>> listeners = new CopyOnWriteArrayList<>();

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

    /** Subscribes every held topic again (each on its own, as they may live on different masters). */
    public CompletableFuture<Void> resubscribe() {
        return CompletableFuture.allOf(held.stream().map(this::send).toArray(CompletableFuture[]::new));
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        connection.close();
    }
}
