package io.parley.loadtest.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/**
 * Lets a {@link RawConnection} speak over WebSocket ({@code --client ws}): each binary message the
 * server sends becomes {@code varint length + frame} for the connection's decoder (no copy of the
 * payload), and each prefixed frame the connection writes leaves as one binary message without the
 * prefix. {@link #open} completes when the upgrade is done.
 */
final class WebSocketFraming extends ChannelDuplexHandler {
    final CompletableFuture<Void> open = new CompletableFuture<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            open.complete(null);
        } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            open.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.completeExceptionally(new IllegalStateException("closed before the WebSocket handshake completed"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        open.completeExceptionally(cause);
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof BinaryWebSocketFrame frame)) {
            if (msg instanceof WebSocketFrame) {
                ReferenceCountUtil.release(msg); // pings and closes are the protocol handler's
                return;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf payload = frame.content();
        ByteBuf prefix = ctx.alloc().buffer(5);
        Wire.writeVarint(prefix, payload.readableBytes());
        CompositeByteBuf framed = ctx.alloc().compositeBuffer(2);
        framed.addComponents(true, prefix, payload); // takes over the frame's reference
        ctx.fireChannelRead(framed);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        try {
            while (buf.isReadable()) {
                int length = readVarint(buf);
                ctx.write(new BinaryWebSocketFrame(buf.readRetainedSlice(length)),
                        buf.isReadable() ? ctx.voidPromise() : promise);
            }
        } finally {
            buf.release();
        }
    }

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
}
