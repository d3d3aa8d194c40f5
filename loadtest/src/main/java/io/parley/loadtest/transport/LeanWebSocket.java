package io.parley.loadtest.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The WebSocket side of a lean load client ({@code --client ws}), as cheap for the generator as the
 * raw TCP client so that the server, not the generator, is what a run measures: it sends the
 * upgrade request itself, then turns each binary message from the server into
 * {@code varint length + frame} for the {@link RawConnection} behind it, and each prefixed frame
 * the connection writes into one masked binary message. The masking key is zero (RFC 6455 asks for
 * an unpredictable one, which only matters when a browser is tricked into writing chosen bytes;
 * the server unmasks every message all the same). {@link #open} completes on the 101 response.
 */
final class LeanWebSocket extends ChannelDuplexHandler {
    final CompletableFuture<Void> open = new CompletableFuture<>();
    private final URI uri;
    private ByteBuf in;
    private boolean upgraded;

    LeanWebSocket(URI uri) {
        this.uri = uri;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(request.getBytes(StandardCharsets.US_ASCII)));
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.completeExceptionally(new IllegalStateException("closed before the WebSocket upgrade completed"));
        if (in != null) {
            in.release();
            in = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        open.completeExceptionally(cause);
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf b = (ByteBuf) msg;
        if (in == null) {
            in = b;
        } else {
            in = ctx.alloc().compositeBuffer().addComponents(true, in, b);
        }
        if (!upgraded && !upgrade(ctx)) {
            return;
        }
        while (in.readableBytes() >= 2) {
            int start = in.readerIndex();
            int opcode = in.getUnsignedByte(start) & 0x0F;
            int length = in.getUnsignedByte(start + 1) & 0x7F;
            int header = 2;
            if (length == 126) {
                if (in.readableBytes() < 4) {
                    break;
                }
                length = in.getUnsignedShort(start + 2);
                header = 4;
            } else if (length == 127) {
                if (in.readableBytes() < 10) {
                    break;
                }
                length = (int) in.getLong(start + 2);
                header = 10;
            }
            if (in.readableBytes() < header + length) {
                break;
            }
            in.skipBytes(header);
            if (opcode == 2) {
                ByteBuf framed = ctx.alloc().buffer(Wire.varintSize(length) + length);
                Wire.writeVarint(framed, length);
                framed.writeBytes(in, length);
                ctx.fireChannelRead(framed);
            } else if (opcode == 9) { // ping: pong with the same payload
                ByteBuf pong = ctx.alloc().buffer(6 + length).writeByte(0x8A).writeByte(0x80 | length).writeInt(0);
                pong.writeBytes(in, length);
                ctx.writeAndFlush(pong, ctx.voidPromise());
            } else {
                in.skipBytes(length);
                if (opcode == 8) {
                    ctx.close();
                    return;
                }
            }
        }
        if (!in.isReadable()) {
            in.release();
            in = null;
        } else {
            in.discardReadBytes();
        }
    }

    /** Reads the 101 response; false while it is incomplete. */
    private boolean upgrade(ChannelHandlerContext ctx) {
        int end = -1;
        for (int i = in.readerIndex(); i + 3 < in.writerIndex(); i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                end = i + 4;
                break;
            }
        }
        if (end < 0) {
            return false;
        }
        String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.US_ASCII);
        in.readerIndex(end);
        if (!head.startsWith("HTTP/1.1 101")) {
            open.completeExceptionally(new IllegalStateException("WebSocket upgrade refused: " + head.lines().findFirst()
                    .orElse("")));
            ctx.close();
            return false;
        }
        upgraded = true;
        open.complete(null);
        return true;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!upgraded || !(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        try {
            int start = buf.readerIndex();
            int size = 0;
            while (buf.isReadable()) {
                int length = (int) Wire.readVarint(buf);
                size += (length < 126 ? 2 : length < 65536 ? 4 : 10) + 4 + length;
                buf.skipBytes(length);
            }
            buf.readerIndex(start);
            ByteBuf out = ctx.alloc().ioBuffer(size);
            while (buf.isReadable()) {
                int length = (int) Wire.readVarint(buf);
                out.writeByte(0x82);
                if (length < 126) {
                    out.writeByte(0x80 | length);
                } else if (length < 65536) {
                    out.writeByte(0x80 | 126).writeShort(length);
                } else {
                    out.writeByte(0x80 | 127).writeLong(length);
                }
                out.writeInt(0); // the masking key: zero, so the payload goes as it is
                out.writeBytes(buf, length);
            }
            ctx.write(out, promise);
        } finally {
            buf.release();
        }
    }
}
