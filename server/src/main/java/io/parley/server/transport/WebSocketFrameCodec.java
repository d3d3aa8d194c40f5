package io.parley.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * The server's side of a WebSocket connection after the upgrade: outbound, the server's frames
 * arrive as the TCP port writes them (one or more {@code varint32 length + ServerFrame} back to
 * back in a buffer) and leave as one binary message each, written here with their WebSocket
 * headers into one buffer (a large single frame keeps its own, possibly shared, bytes). So the
 * features, the outbound batching and the flush policy are the TCP port's, unchanged, and a batch
 * costs one write as on TCP. Inbound frames are read by {@link WebSocketClientFrameDecoder}, which
 * calls back here to answer pings and closes and to close with a status.
 *
 * <p>Any close of the connection from the server side sends a close frame first (1000, or the
 * status a rule broke), unless the client stopped reading: a slow consumer is cut off at once.
 */
final class WebSocketFrameCodec extends ChannelDuplexHandler {
    private static final int HEADER_MAX = 10;
    /** A single frame larger than this is written from its own (possibly shared) bytes, not copied. */
    private static final int SHARE_ABOVE = 4096;

    private ChannelHandlerContext ctx;
    private boolean closeSent;
    private WebSocketCloseStatus closeStatus = WebSocketCloseStatus.NORMAL_CLOSURE;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Answers a ping with its payload (at most 125 bytes, checked by the decoder). */
    void pong(byte[] payload) {
        ByteBuf out = ctx.alloc().ioBuffer(2 + payload.length).writeByte(0x8A).writeByte(payload.length);
        ctx.writeAndFlush(out.writeBytes(payload));
    }

    /** The client sent a close: answer with a close, then close the connection. */
    void closeRequested() {
        if (!closeSent) {
            closeSent = true;
            ctx.writeAndFlush(closeFrame(ctx, WebSocketCloseStatus.NORMAL_CLOSURE)).addListener(f -> ctx.close());
        }
    }

    /** RFC 6455 §5.5.1: a close frame with the status code and its reason (cut to fit 125 bytes). */
    private static ByteBuf closeFrame(ChannelHandlerContext ctx, WebSocketCloseStatus status) {
        byte[] reason = status.reasonText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = Math.min(reason.length, 123);
        return ctx.alloc().ioBuffer(4 + n).writeByte(0x88).writeByte(2 + n).writeShort(status.code())
                .writeBytes(reason, 0, n);
    }

    /** Closes the connection with {@code status} and {@code reason} in the close frame. */
    void closeWith(WebSocketCloseStatus status, String reason) {
        closeStatus = new WebSocketCloseStatus(status.code(), reason);
        if (closeSent || !ctx.channel().isActive() || !(ctx.channel() instanceof DuplexChannel duplex)) {
            ctx.channel().close(); // from the tail, so through close() below, which sends the close frame
            return;
        }
        // a lingering close: the client may still be sending (an oversize frame) — closing now, with
        // its bytes unread, makes the kernel answer with a reset that can destroy the close frame
        // before the client reads it. Send the close frame and end our side, discard what still
        // comes (the decoder is done), and close when the client does or after LINGER_MILLIS.
        closeSent = true;
        ctx.writeAndFlush(closeFrame(ctx, closeStatus)).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.channel().close();
                return;
            }
            duplex.shutdownOutput();
            ctx.executor().schedule(() -> ctx.channel().close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    private static final long LINGER_MILLIS = 2000;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        try {
            if (!buf.isReadable()) {
                promise.trySuccess();
                return;
            }
            int start = buf.readerIndex();
            int first = readVarint(buf);
            if (!buf.isReadable(first + 1) && first > SHARE_ABOVE) {
                // one large frame (a channel push shared by many members): header, then the shared bytes
                ByteBuf header = ctx.alloc().ioBuffer(HEADER_MAX);
                writeHeader(header, first);
                ctx.write(header, ctx.voidPromise());
                ctx.write(buf.retainedSlice(buf.readerIndex(), first), promise);
                return;
            }
            int size = 0;
            buf.readerIndex(start);
            while (buf.isReadable()) {
                int length = readVarint(buf);
                size += headerSize(length) + length;
                buf.skipBytes(length);
            }
            ByteBuf out = ctx.alloc().ioBuffer(size);
            buf.readerIndex(start);
            while (buf.isReadable()) {
                int length = readVarint(buf);
                writeHeader(out, length);
                out.writeBytes(buf, length);
            }
            ctx.write(out, promise);
        } finally {
            buf.release();
        }
    }

    private static int headerSize(int length) {
        return length < 126 ? 2 : length < 65536 ? 4 : 10;
    }

    /** RFC 6455 §5.2: FIN, opcode 2 (binary), no mask (server to client), then the payload length. */
    private static void writeHeader(ByteBuf out, int length) {
        out.writeByte(0x82);
        if (length < 126) {
            out.writeByte(length);
        } else if (length < 65536) {
            out.writeByte(126);
            out.writeShort(length);
        } else {
            out.writeByte(127);
            out.writeLong(length);
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
        ctx.writeAndFlush(closeFrame(ctx, closeStatus)).addListener(f -> ctx.close(promise));
    }
}
