package io.parley.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.protocol.peer.PeerFrames;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.server.dispatch.CommandDispatcher;
import io.parley.server.dispatch.ConnectionContext;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin translator: decoded frames go to the {@link CommandDispatcher}; protocol violations close
 * the connection with PROTOCOL_ERROR and a reason; a connection that does not log in within the
 * handshake timeout is closed.
 */
final class ClientFrameHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger log = LoggerFactory.getLogger(ClientFrameHandler.class);

    private final CommandDispatcher dispatcher;
    private final long handshakeTimeoutMillis;
    private ConnectionContext context;
    private NettyConnection connection;
    private ScheduledFuture<?> handshakeTimer;

    private final OutboundBatcher.PerLoop batchers;
    private final String transport;

    ClientFrameHandler(CommandDispatcher dispatcher, long handshakeTimeoutMillis, OutboundBatcher.PerLoop batchers) {
        this(dispatcher, handshakeTimeoutMillis, batchers, "tcp");
    }

    /** @param transport tcp or ws, for metrics */
    ClientFrameHandler(CommandDispatcher dispatcher, long handshakeTimeoutMillis, OutboundBatcher.PerLoop batchers,
                       String transport) {
        this.dispatcher = dispatcher;
        this.batchers = batchers;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.transport = transport;
    }

    /** Added to a channel that is already open (a WebSocket after its upgrade): the connection starts now. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && connection == null) {
            open(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (connection == null) {
            open(ctx);
        }
        ctx.fireChannelActive();
    }

    private void open(ChannelHandlerContext ctx) {
        connection = new NettyConnection(ctx.channel(), batchers, transport);
        context = dispatcher.open(connection);
        handshakeTimer = ctx.executor().schedule(() -> {
            if (context.session() == null) {
                connection.close(DisconnectCode.PROTOCOL_ERROR, "no login within " + handshakeTimeoutMillis + " ms");
            }
        }, handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object frame) {
        if (frame instanceof PeerFrames.Send send) {
            dispatcher.onPeerSend(context, send);
            return; // not a login: the handshake timer stays as it is
        }
        if (frame instanceof PeerFrames.Ack ack) {
            dispatcher.onPeerAck(context, ack);
            return;
        }
        dispatcher.onFrame(context, (ClientFrame) frame);
        if (handshakeTimer != null && context.session() != null) {
            handshakeTimer.cancel(false);
            handshakeTimer = null;
            // logged in: the decoders may read full-size frames from now on
            ctx.pipeline().forEach(e -> {
                if (e.getValue() instanceof PreLoginLimited limited) {
                    limited.loggedIn();
                }
            });
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == OutboundBatcher.SLOW_CONSUMER && connection != null) {
            log.info("closing slow consumer {} ({} bytes queued)", connection.remoteAddress(),
                    ctx.channel().unsafe().outboundBuffer() == null ? 0 : ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes());
            connection.closeSlowConsumer();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (context != null) {
            dispatcher.onClosed(context);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (connection == null) {
            ctx.close();
            return;
        }
        if (cause instanceof TooLongFrameException) {
            connection.close(DisconnectCode.PROTOCOL_ERROR, "frame too large: " + cause.getMessage());
        } else if (cause instanceof DecoderException) {
            connection.close(DisconnectCode.PROTOCOL_ERROR, "malformed frame");
        } else if (cause instanceof IOException) {
            ctx.close(); // peer reset; nothing to tell
        } else {
            log.warn("closing {} after unexpected error", connection.remoteAddress(), cause);
            connection.close(DisconnectCode.PROTOCOL_ERROR, "internal error");
        }
    }
}
