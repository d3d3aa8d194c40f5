package io.parley.rtm.internal.transport;

import io.parley.rtm.internal.Internal;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.AttributeKey;
import io.parley.protocol.FrameLimits;
import io.parley.rtm.internal.wire.ServerFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens TCP (and TLS) client connections on a shared {@link IoGroup}. */
@Internal
public final class ClientTransport implements Connector {
    private static final Logger log = LoggerFactory.getLogger(ClientTransport.class);
    private static final AttributeKey<NettyConnection> CONNECTION = AttributeKey.valueOf("parley.connection");
    private final IoGroup io;
    private final TrustManagerFactory trust;
    private volatile SslContext tls;

    /** @param trust for {@code tls://} endpoints; null = the JVM's default trust store */
    public ClientTransport(IoGroup io, TrustManagerFactory trust) {
        this.io = io;
        this.trust = trust;
    }

    /**
     * Connects to {@code host:port} (or {@code tls://host:port}: TLS with the server's certificate
     * and host name verified); the future fails if the connect or the TLS handshake fails or times out.
     */
    @Override
    public CompletableFuture<Connection> connect(String endpoint, int connectTimeoutMillis, FrameListener listener) {
        boolean secure = endpoint.startsWith("tls://");
        String address = secure || endpoint.startsWith("tcp://") ? endpoint.substring(6) : endpoint;
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        SslContext ssl;
        try {
            ssl = secure ? tlsContext() : null;
        } catch (SSLException e) {
            CompletableFuture<Connection> failed = new CompletableFuture<>();
            failed.completeExceptionally(e);
            return failed;
        }
        CompletableFuture<Connection> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(io.group()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        NettyConnection conn = new NettyConnection(ch, endpoint);
                        ch.attr(CONNECTION).set(conn);
                        if (ssl != null) {
                            SslHandler h = ssl.newHandler(ch.alloc(), host, port);
                            SSLParameters params = h.engine().getSSLParameters();
                            params.setEndpointIdentificationAlgorithm("HTTPS");
                            h.engine().setSSLParameters(params);
                            h.setHandshakeTimeoutMillis(connectTimeoutMillis);
                            ch.pipeline().addLast("tls", h);
                        }
                        ch.pipeline().addLast(new FlushConsolidationHandler(256, true),
                                new BoundedVarintFrameDecoder(FrameLimits.MAX_FRAME_BYTES),
                                new ServerFrameDecoder(),
                                new ProtobufVarint32LengthFieldPrepender(),
                                new ProtobufEncoder(),
                                new Handler(conn, listener));
                    }
                });
        ChannelFuture f = b.connect(host, port);
        // The peer may already have closed (and the pipeline been torn down) when this runs, so
        // the connection comes from a channel attribute; the listener must always complete the
        // future, or the caller would wait forever.
        f.addListener(done -> {
            try {
                NettyConnection conn = f.channel().attr(CONNECTION).get();
                SslHandler tlsHandler = done.isSuccess() ? f.channel().pipeline().get(SslHandler.class) : null;
                if (done.isSuccess() && conn != null && tlsHandler != null) {
                    tlsHandler.handshakeFuture().addListener(hs -> {
                        if (hs.isSuccess()) {
                            result.complete(conn);
                        } else {
                            log.warn("TLS handshake with {} failed: {}", endpoint, hs.cause().toString());
                            result.completeExceptionally(hs.cause());
                            f.channel().close();
                        }
                    });
                } else if (done.isSuccess() && conn != null) {
                    result.complete(conn);
                } else {
                    result.completeExceptionally(done.cause() != null ? done.cause()
                            : new IllegalStateException("connection closed during connect"));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private SslContext tlsContext() throws SSLException {
        SslContext c = tls;
        if (c == null) {
            synchronized (this) {
                if (tls == null) {
                    tls = SslContextBuilder.forClient().trustManager(trust).build();
                }
                c = tls;
            }
        }
        return c;
    }

    private static final class Handler extends SimpleChannelInboundHandler<ServerFrame> {
        private final NettyConnection connection;
        private final FrameListener listener;

        Handler(NettyConnection connection, FrameListener listener) {
            this.connection = connection;
            this.listener = listener;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ServerFrame frame) {
            listener.onFrame(connection, frame);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            listener.onClosed(connection);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("closing {} after {}", connection, cause.toString());
            ctx.close();
        }
    }
}
