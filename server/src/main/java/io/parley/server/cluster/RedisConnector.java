package io.parley.server.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.EventLoopGroupProvider;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node's Redis connections (Lettuce), to a single Redis or to a Redis Cluster: one pipelined
 * command connection shared by every feature (on a Redis Cluster, routed by hash slot) and one
 * pub/sub connection ({@link RedisTopics}). Keys are strings, values bytes. While Redis is
 * unreachable commands fail fast (nothing is queued and later acknowledged as if it had happened)
 * and Lettuce reconnects by itself.
 *
 * <p>Every command the stores send touches one hash slot: single keys, or scripts whose keys share a
 * hash tag ({@code {…}}), so the same code runs on both.
 */
public final class RedisConnector implements AutoCloseable {
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final ClientResources resources;
    private final StatefulRedisConnection<String, byte[]> commands;
    private final StatefulRedisClusterConnection<String, byte[]> clusterCommands;
    private final RedisTopics topics;

    public RedisConnector(String uri) {
        this(uri, null, null);
    }

    /**
     * A single Redis.
     *
     * @param uri      {@code redis://[user:password@]host:port}, or {@code rediss://…} for TLS (the server's
     *                 certificate and host name are verified)
     * @param ioLoops  the server's I/O event loops for Lettuce to share (null: Lettuce starts its own)
     * @param tlsTrust PEM certificates to trust for {@code rediss://} (null: the JVM's trust store)
     */
    public RedisConnector(String uri, EventLoopGroupProvider ioLoops, Path tlsTrust) {
        resources = resources(ioLoops);
        client = resources == null ? RedisClient.create(RedisURI.create(uri)) : RedisClient.create(resources, RedisURI.create(uri));
        client.setOptions(options(ClientOptions.builder(), tlsTrust).build());
        clusterClient = null;
        clusterCommands = null;
        commands = client.connect(CODEC);
        topics = RedisTopics.single(client.connectPubSub(CODEC), commands.async());
        client.addListener(pubSubWatcher());
    }

    private RedisConnector(List<String> seeds, Path tlsTrust) {
        resources = null;
        List<RedisURI> uris = seeds.stream().map(RedisURI::create).toList();
        clusterClient = RedisClusterClient.create(uris);
        ClusterClientOptions.Builder options = ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(10))
                        .enableAllAdaptiveRefreshTriggers()
                        .build());
        options(options, tlsTrust);
        clusterClient.setOptions(options.build());
        client = null;
        commands = null;
        clusterCommands = clusterClient.connect(CODEC);
        topics = RedisTopics.sharded(clusterClient.connectPubSub(CODEC), clusterCommands.async());
        clusterClient.addListener(pubSubWatcher());
    }

    /** Tells the topics of each pub/sub connection (one per master on a Redis Cluster) coming up and going down. */
    private RedisConnectionStateListener pubSubWatcher() {
        return new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection instanceof StatefulRedisPubSubConnection) {
                    topics.connected(address);
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection instanceof StatefulRedisPubSubConnection) {
                    topics.dropped();
                }
            }
        };
    }

    /**
     * A Redis Cluster, found from any of its {@code seeds} ({@code redis://host:port}, with
     * credentials or {@code rediss://} as for a single Redis). Lettuce runs its own I/O threads here:
     * on the server's event loops, commands to the cluster timed out (measured in RedisClusterIT).
     */
    public static RedisConnector cluster(List<String> seeds, Path tlsTrust) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster needs at least one seed node");
        }
        return new RedisConnector(seeds, tlsTrust);
    }

    private static ClientResources resources(EventLoopGroupProvider ioLoops) {
        return ioLoops == null ? null : ClientResources.builder().eventLoopGroupProvider(ioLoops).build();
    }

    private static <B extends ClientOptions.Builder> B options(B options, Path tlsTrust) {
        options.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT));
        if (tlsTrust != null) {
            options.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(tlsTrust.toFile()).build());
        }
        return options;
    }

    /** Commands; on a Redis Cluster each goes to the master of its key's slot. */
    public RedisClusterAsyncCommands<String, byte[]> async() {
        return commands != null ? commands.async() : clusterCommands.async();
    }

    /** Publish/subscribe: plain channels on a single Redis, sharded channels on a Redis Cluster. */
    public RedisTopics topics() {
        return topics;
    }

    /** Whether this is a Redis Cluster. */
    public boolean clustered() {
        return clusterClient != null;
    }

    /** Both connections are up (Lettuce reconnects them after Redis comes back). */
    public boolean healthy() {
        return (commands != null ? commands.isOpen() : clusterCommands.isOpen()) && topics.isOpen();
    }

    /**
     * Completes when every Redis answers PING (on a Redis Cluster: every master), fails if any does
     * not: a node is only ready while all of the shared state is reachable.
     */
    public CompletableFuture<Void> pingAll() {
        if (commands != null) {
            return commands.async().ping().toCompletableFuture().thenApply(x -> null);
        }
        return clusterCommands.async().upstream().commands().ping().toCompletableFuture().thenApply(x -> null);
    }

    public static byte[] bytes(Object v) {
        return String.valueOf(v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        topics.close();
        if (commands != null) {
            commands.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } else {
            clusterCommands.close();
            clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
