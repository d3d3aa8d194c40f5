package io.parley.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.ChannelFutureListener;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ServerFrame;
import io.parley.protocol.v1.SessionAborted;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetAddress;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.parley.server.http.HttpApi;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.parley.server.dispatch.CommandDispatcher;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.netty.util.internal.PlatformDependent;
import io.parley.server.metrics.ParleyMetrics;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.Consumer;
import io.netty.channel.ChannelPipeline;
import io.netty.buffer.Unpooled;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Binds the client port and the HTTP port (operations HTTP and the WebSocket endpoint
 * {@code /rtm}) on shared event loops. {@link #stopAccepting()} closes
 * the listening sockets; {@link #close()} shuts the loops down after open connections were told.
 */
public final class TransportServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup listeners = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private InetSocketAddress clientAddress;
    private InetSocketAddress httpAddress;
    private final int slowConsumerBytes;
    private final ConnectionLimits connectionLimits;
    private Path tlsCertFile;
    private Path tlsKeyFile;
    private volatile ParleyMetrics metrics = ParleyMetrics.NOOP;
    private WebSocketOrigins webSocketOrigins = WebSocketOrigins.of(null, false);
    private int httpMaxConnections = 1_024;
    private long httpIdleTimeoutMillis = 60_000;
    private long httpBodyTimeoutMillis = 10_000;
    /** Open HTTP-port connections that hold an HTTP slot (a WebSocket upgrade gives its slot back). */
    private final AtomicInteger httpOpen = new AtomicInteger();
    private static final AttributeKey<Boolean> HTTP_SLOT = AttributeKey.valueOf("parley.http.slot");
    private static final byte[] HTTP_BUSY = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            + "Content-Length: 58\r\nConnection: close\r\n\r\n"
            + "{\"code\":503,\"message\":\"too many open HTTP connections\"}").getBytes(StandardCharsets.US_ASCII);

    public TransportServer(int ioThreads, int slowConsumerBytes, int maxConnections, int maxConnectionsPerAddress) {
        this.slowConsumerBytes = slowConsumerBytes;
        this.connectionLimits = new ConnectionLimits(maxConnections, maxConnectionsPerAddress);
        this.boss = EventLoops.group(1, "parley-accept");
        // one I/O thread per core (Netty's own default is two): more threads than cores only adds switches
        this.workers = EventLoops.group(ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors(),
                "parley-io");
    }

    /** Admin API bodies: a 32 KB raw message in base64, or 32 KB of channel attributes, with room for JSON. */
    private static final int MAX_HTTP_BODY = 256 * 1024;

    /** HTTP-port limits: open connections, idle wait for a request, body wait; call before {@link #start}. */
    public void http(int maxConnections, long idleTimeoutMillis, long bodyTimeoutMillis) {
        this.httpMaxConnections = maxConnections;
        this.httpIdleTimeoutMillis = idleTimeoutMillis;
        this.httpBodyTimeoutMillis = bodyTimeoutMillis;
    }

    public void start(String host, int port, String httpHost, int httpPort, CommandDispatcher dispatcher,
                      long handshakeTimeoutMillis, BooleanSupplier ready, Supplier<String> metrics, List<HttpApi> apis)
            throws InterruptedException {
        ClientChannelInitializer init = new ClientChannelInitializer(dispatcher, handshakeTimeoutMillis, this.metrics);
        OutboundBatcher.PerLoop webSocketBatchers = new OutboundBatcher.PerLoop(this.metrics);
        SslContext ssl = tlsCertFile == null ? null : tlsContext();
        Channel client = new ServerBootstrap().group(boss, workers).channel(EventLoops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(slowConsumerBytes / 2, slowConsumerBytes))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                        }
                        InetAddress address = ch.remoteAddress() == null ? null : ch.remoteAddress().getAddress();
                        ConnectionLimits.Refusal refusal = connectionLimits.tryOpen(address);
                        if (refusal != null) {
                            refuse(ch, refusal);
                            return;
                        }
                        ch.closeFuture().addListener(f -> connectionLimits.closed(address));
                        clients.add(ch);
                        ch.pipeline().addLast(init);
                    }
                })
                .bind(host, port).sync().channel();
        listeners.add(client);
        clientAddress = (InetSocketAddress) client.localAddress();

        Channel http = new ServerBootstrap().group(boss, workers).channel(EventLoops.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (httpOpen.incrementAndGet() > httpMaxConnections) {
                            httpOpen.decrementAndGet();
                            TransportServer.this.metrics.httpRefused("connection_limit");
                            if (ssl == null) {
                                ch.writeAndFlush(Unpooled.wrappedBuffer(HTTP_BUSY)).addListener(ChannelFutureListener.CLOSE);
                            } else {
                                ch.close();
                            }
                            return;
                        }
                        ch.attr(HTTP_SLOT).set(Boolean.TRUE);
                        ch.closeFuture().addListener(f -> releaseHttpSlot(ch));
                        // nothing read within the idle timeout: not even the first request's head
                        ch.eventLoop().schedule(() -> {
                            if (ch.pipeline().get("first-request") != null) {
                                TransportServer.this.metrics.httpRefused("idle_timeout");
                                ch.close();
                            }
                        }, httpIdleTimeoutMillis, TimeUnit.MILLISECONDS);
                        if (ssl != null) {
                            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                        }
                        Consumer<ChannelPipeline> clientHandlers = p -> {
                            p.addLast("encoder", new ServerFrameEncoder());
                            p.addLast("handler", new ClientFrameHandler(dispatcher, handshakeTimeoutMillis,
                                    webSocketBatchers, "ws"));
                        };
                        Consumer<ChannelPipeline> httpHandlers = p -> p.addLast(new HttpServerCodec(),
                                new HttpRequestGate(httpIdleTimeoutMillis, httpBodyTimeoutMillis, apis,
                                        TransportServer.this.metrics),
                                new ClosingHttpAggregator(MAX_HTTP_BODY),
                                new WebSocketUpgradeHandler(webSocketOrigins, TransportServer.this::admitWebSocket,
                                        TransportServer.this.metrics, ssl != null, clientHandlers),
                                new HttpHandler(ready, metrics, apis));
                        // a plain WebSocket upgrade is answered before any HTTP object is built
                        ch.pipeline().addLast("first-request", new WebSocketFastUpgrade(webSocketOrigins,
                                TransportServer.this::admitWebSocket, TransportServer.this.metrics, httpHandlers,
                                clientHandlers));
                    }
                })
                .bind(httpHost, httpPort).sync().channel();
        listeners.add(http);
        httpAddress = (InetSocketAddress) http.localAddress();
    }

    /**
     * A WebSocket upgrade counts as a client connection: the same caps, the same shutdown, the
     * same slow-consumer limit. Null when admitted, else the refusal reason for metrics.
     */
    private String admitWebSocket(Channel ch) {
        InetAddress address = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        ConnectionLimits.Refusal refusal = connectionLimits.tryOpen(address);
        if (refusal != null) {
            metrics.connectionRefused(refusal == ConnectionLimits.Refusal.NODE ? "node_limit" : "address_limit");
            return refusal == ConnectionLimits.Refusal.NODE ? "node_limit" : "address_limit";
        }
        ch.closeFuture().addListener(f -> connectionLimits.closed(address));
        clients.add(ch);
        releaseHttpSlot(ch); // a client connection from now on
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(slowConsumerBytes / 2, slowConsumerBytes));
        return null;
    }

    private void releaseHttpSlot(Channel ch) {
        if (ch.attr(HTTP_SLOT).getAndSet(null) != null) {
            httpOpen.decrementAndGet();
        }
    }

    /** Open connections on the HTTP port that are not WebSocket clients. */
    public int openHttpConnections() {
        return httpOpen.get();
    }

    /** Who may open the WebSocket endpoint from a browser; call before {@link #start}. */
    public void webSocketOrigins(java.util.List<String> allowed, boolean devMode) {
        this.webSocketOrigins = WebSocketOrigins.of(allowed, devMode);
    }

    public int clientPort() {
        return clientAddress.getPort();
    }

    public int httpPort() {
        return httpAddress.getPort();
    }

    public int openConnections() {
        return clients.size();
    }

    /** Transport gauges: open client connections and Netty's direct memory. */
    /** The client I/O event loops as Lettuce wants them, so the Redis client (cluster mode) shares them. */
    public io.lettuce.core.resource.EventLoopGroupProvider sharedEventLoops() {
        return new SharedEventLoops(workers);
    }

    /** TLS on both ports from a PEM certificate chain and PEM PKCS#8 key; call before {@link #start}. */
    public void tls(Path certFile, Path keyFile) {
        this.tlsCertFile = certFile;
        this.tlsKeyFile = keyFile;
    }

    private SslContext tlsContext() {
        try {
            return SslContextBuilder.forServer(tlsCertFile.toFile(), tlsKeyFile.toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load the TLS certificate " + tlsCertFile + " and key " + tlsKeyFile
                    + ": " + e.getMessage(), e);
        }
    }

    /** Over a connection cap: tell the client why (it retries later, or another endpoint) and close. */
    private void refuse(SocketChannel ch, ConnectionLimits.Refusal refusal) {
        metrics.connectionRefused(refusal == ConnectionLimits.Refusal.NODE ? "node_limit" : "address_limit");
        ch.pipeline().addLast(new ServerFrameEncoder());
        String why = refusal == ConnectionLimits.Refusal.NODE ? "node at its connection limit"
                : "too many connections from this address";
        ch.writeAndFlush(ServerFrame.newBuilder().setSessionAborted(SessionAborted.newBuilder()
                .setCode(DisconnectCode.CONNECTION_LIMIT).setMessage(why)).build()).addListener(ChannelFutureListener.CLOSE);
    }

    public void registerGauges(ParleyMetrics metrics) {
        this.metrics = metrics;
        metrics.gauge("parley.connections.open", "open client connections", clients::size);
        metrics.gauge("parley.netty.direct.memory.used", "bytes of direct memory used by Netty",
                PlatformDependent::usedDirectMemory);
    }

    public void stopAccepting() {
        listeners.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Closes any connection still open (after the domain told them why), then the loops. */
    @Override
    public void close() {
        stopAccepting();
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
