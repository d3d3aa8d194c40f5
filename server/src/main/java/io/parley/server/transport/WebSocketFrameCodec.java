package io.parley.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.parley.protocol.FrameLimits;
import io.parley.server.metrics.ParleyMetrics;

/**
 * Client frames over WebSocket: each binary message carries exactly one frame, without a length
 * prefix. Inbound, a (reassembled) binary message is parsed as the TCP port parses a frame;
 * outbound, the server's frames arrive as the TCP port writes them (one or more
 * {@code varint32 length + ServerFrame} back to back in a buffer) and leave as one binary message
 * each, sharing the buffer's memory. So the features, the outbound batching and the flush policy
 * are the TCP port's, unchanged.
 *
 * <p>Rules: a text message is closed with 1003 (binary frames only), a message over the frame
 * limit (one frame, or fragments together) with 1009, a malformed WebSocket frame with 1002 by the
 * WebSocket decoder; each is counted. Pings are answered, a close is answered with a close. Any
 * close of the connection from the server side sends a close frame first, unless the client stopped
 * reading (a slow consumer is cut off at once).
 */
final class WebSocketFrameCodec extends ChannelDuplexHandler {
    private final ParleyMetrics metrics;
    private boolean closeSent;
    private WebSocketCloseStatus closeStatus = WebSocketCloseStatus.NORMAL_CLOSURE;

    WebSocketFrameCodec(ParleyMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (frame instanceof BinaryWebSocketFrame) {
                ByteBuf in = frame.content();
                if (!in.isReadable()) {
                    throw new CorruptedFrameException("empty frame");
                }
                ctx.fireChannelRead(ClientFrames.parse(in, in.readerIndex(), in.readableBytes()));
            } else if (frame instanceof TextWebSocketFrame) {
                metrics.webSocketRejected("text_frame");
                closeWith(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "binary frames only");
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame) {
                closeSent = true; // the reply is the close frame
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                        .addListener(f -> ctx.close());
            }
            // a Pong needs nothing; a continuation never gets here (the aggregator joins them)
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private void closeWith(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        closeStatus = new WebSocketCloseStatus(status.code(), reason);
        ctx.channel().close(); // from the tail, so through close() below, which sends the close frame

    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException bad) {
            // the WebSocket decoder already sent its close frame (1009 for an oversize frame, else 1002)
            metrics.webSocketRejected(bad.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG ? "too_large" : "protocol");
            closeSent = true;
            ctx.close();
        } else if (cause instanceof PrematureChannelClosureException) {
            ctx.close(); // closed in the middle of a fragmented message: nothing to answer
        } else if (cause instanceof TooLongFrameException) {
            // fragments that together pass the limit (from the aggregator)
            metrics.webSocketRejected("too_large");
            closeWith(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message over " + FrameLimits.MAX_FRAME_BYTES + " bytes");
        } else {
            ctx.fireExceptionCaught(cause); // a malformed client frame: PROTOCOL_ERROR, as on TCP
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        try {
            if (!buf.isReadable()) {
                promise.trySuccess();
            }
            while (buf.isReadable()) {
                int length = readVarint(buf);
                BinaryWebSocketFrame frame = new BinaryWebSocketFrame(buf.readRetainedSlice(length));
                ctx.write(frame, buf.isReadable() ? ctx.voidPromise() : promise);
            }
        } finally {
            buf.release();
        }
    }

    /** A frame's length prefix; the server's own frames, so always well-formed. */
    private static int readVarint(ByteBuf buf) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = buf.readByte();
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (closeSent || !ctx.channel().isActive() || !ctx.channel().isWritable()) {
            ctx.close(promise); // already said, nobody to tell, or not reading: do not queue behind a backlog
            return;
        }
        closeSent = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(closeStatus)).addListener(f -> ctx.close(promise));
    }
}
