package io.parley.server.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;

/**
 * The node's Redis connections (Lettuce): one pipelined command connection shared by every
 * feature and one pub/sub connection. Keys are strings, values bytes. While Redis is unreachable
 * commands fail fast (nothing is queued and later acknowledged as if it had happened) and Lettuce
 * reconnects and resubscribes by itself.
 */
public final class RedisConnector implements AutoCloseable {
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final io.lettuce.core.resource.ClientResources resources;
    private final StatefulRedisConnection<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> pubsub;

    public RedisConnector(String uri) {
        this(uri, null, null);
    }

    /**
     * @param uri      {@code redis://[user:password@]host:port}, or {@code rediss://…} for TLS (the server's
     *                 certificate and host name are verified)
     * @param ioLoops  the server's I/O event loops for Lettuce to share (null: Lettuce starts its own)
     * @param tlsTrust PEM certificates to trust for {@code rediss://} (null: the JVM's trust store)
     */
    public RedisConnector(String uri, io.lettuce.core.resource.EventLoopGroupProvider ioLoops, java.nio.file.Path tlsTrust) {
        resources = ioLoops == null ? null
                : io.lettuce.core.resource.ClientResources.builder().eventLoopGroupProvider(ioLoops).build();
        client = resources == null ? RedisClient.create(RedisURI.create(uri)) : RedisClient.create(resources, RedisURI.create(uri));
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5)));
        if (tlsTrust != null) {
            options.sslOptions(io.lettuce.core.SslOptions.builder().jdkSslProvider().trustManager(tlsTrust.toFile()).build());
        }
        client.setOptions(options.build());
        commands = client.connect(CODEC);
        pubsub = client.connectPubSub(CODEC);
    }

    public RedisAsyncCommands<String, byte[]> async() {
        return commands.async();
    }

    public StatefulRedisPubSubConnection<String, byte[]> pubsub() {
        return pubsub;
    }

    /** Both connections are up (Lettuce reconnects them after Redis comes back). */
    public boolean healthy() {
        return commands.isOpen() && pubsub.isOpen();
    }

    public static byte[] bytes(Object v) {
        return String.valueOf(v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        pubsub.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (resources != null) {
            resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
