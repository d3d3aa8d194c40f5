package io.parley.loadtest.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.channel.ChannelInitializer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The raw clients' I/O: one Netty event loop group (epoll where available) shared by every
 * connection, like the shared bench's {@code -raw} clients; Netty's leak detector is off unless
 * {@code -Dio.netty.leakDetection.level} says otherwise.
 */
public final class RawIo implements AutoCloseable {
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelType;

    public RawIo(int threads) {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // a generator has no leaks to find and should spend its CPU on load, as the shared
            // bench's generator does (-Dio.netty.leakDetection.level=disabled); set it to override
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        DefaultThreadFactory tf = new DefaultThreadFactory("raw-client", true);
        if (Epoll.isAvailable()) {
            group = new EpollEventLoopGroup(threads, tf);
            channelType = EpollSocketChannel.class;
        } else {
            group = new NioEventLoopGroup(threads, tf);
            channelType = NioSocketChannel.class;
        }
    }

    /**
     * Connects to {@code host:port} (TCP), or to {@code ws://host:port/rtm} (WebSocket: the future
     * completes once the upgrade is done); the future completes with the open connection.
     */
    public CompletableFuture<RawConnection> connect(String endpoint, RawListener listener) {
        return connect(endpoint, listener, null);
    }

    /**
     * Like {@link #connect(String, RawListener)} from {@code local} (null: the system's choice):
     * connecting from several loopback addresses multiplies the ephemeral ports a test can use.
     */
    public CompletableFuture<RawConnection> connect(String endpoint, RawListener listener, InetAddress local) {
        if (endpoint.startsWith("ws://")) {
            return connectWebSocket(URI.create(endpoint), listener, local);
        }
        RawConnection conn = new RawConnection(listener);
        return open(endpoint, local, conn, conn);
    }

    /** Opens a TCP connection to {@code host:port} with {@code handler}; completes with {@code conn} once connected. */
    private <T> CompletableFuture<T> open(String endpoint, InetAddress local, io.netty.channel.ChannelHandler handler, T conn) {
        int colon = endpoint.lastIndexOf(':');
        InetSocketAddress remote = new InetSocketAddress(endpoint.substring(0, colon),
                Integer.parseInt(endpoint.substring(colon + 1)));
        CompletableFuture<T> f = new CompletableFuture<>();
        new Bootstrap().group(group).channel(channelType).option(ChannelOption.TCP_NODELAY, true).handler(handler)
                .connect(remote, local == null ? null : new InetSocketAddress(local, 0))
                .addListener(done -> {
                    if (done.isSuccess()) {
                        f.complete(conn);
                    } else {
                        f.completeExceptionally(done.cause());
                    }
                });
        return f;
    }

    /** Connects to the shared bench's relay at {@code host:port} (see {@link RelayConnection}). */
    public CompletableFuture<RelayConnection> connectRelay(String endpoint, RelayConnection.Listener listener) {
        RelayConnection conn = new RelayConnection(listener);
        return open(endpoint, null, conn, conn);
    }

    private CompletableFuture<RawConnection> connectWebSocket(URI uri, RawListener listener, InetAddress local) {
        RawConnection conn = new RawConnection(listener);
        LeanWebSocket ws = new LeanWebSocket(uri);
        CompletableFuture<RawConnection> f = new CompletableFuture<>();
        new Bootstrap().group(group).channel(channelType).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(ws, conn);
                    }
                })
                .connect(new InetSocketAddress(uri.getHost(), uri.getPort()),
                        local == null ? null : new InetSocketAddress(local, 0)).addListener(done -> {
                    if (!done.isSuccess()) {
                        f.completeExceptionally(done.cause());
                    }
                });
        ws.open.whenComplete((v, err) -> {
            if (err != null) {
                f.completeExceptionally(err);
            } else {
                f.complete(conn);
            }
        });
        return f;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
