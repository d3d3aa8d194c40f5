package io.parley.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.parley.protocol.FrameLimits;
import io.parley.server.metrics.ParleyMetrics;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a browser's WebSocket frames (RFC 6455 §5) straight into client frames: each binary
 * message, whole or in fragments, is unmasked into the event loop's scratch array and parsed as the
 * TCP port parses a frame. It takes the place of Netty's WebSocket frame decoder and aggregator
 * after the upgrade, which allocate a buffer and a frame object per message before the payload is
 * parsed; {@code WebSocketClientFrameDecoderTest} checks it against Netty's encoder and decoder.
 *
 * <p>Rules, each a close with its RFC 6455 status, counted: unmasked frames, reserved bits,
 * unknown opcodes, control frames that are fragmented or over 125 bytes, a continuation without a
 * message, or a new message inside a fragmented one → 1002; a text message → 1003; a message over
 * {@link FrameLimits#MAX_FRAME_BYTES} (before login {@link FrameLimits#MAX_PRE_LOGIN_FRAME_BYTES}), in
 * one frame or in fragments together → 1009, decided from the headers before the payload is buffered. Pings are answered, a close is answered with a close.
 */
final class WebSocketClientFrameDecoder extends ByteToMessageDecoder implements PreLoginLimited {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;

    private final WebSocketFrameCodec codec;
    private final ParleyMetrics metrics;
    /** The fragments of a message so far (null between messages). */
    private byte[] fragments;
    private int fragmentsLength;
    private boolean done;
    /** The largest message: small until the connection logs in (see {@link PreLoginLimited}). */
    private int maxMessage = FrameLimits.MAX_PRE_LOGIN_FRAME_BYTES;

    WebSocketClientFrameDecoder(WebSocketFrameCodec codec, ParleyMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!done && in.isReadable()) {
            int start = in.readerIndex();
            int readable = in.readableBytes();
            if (readable < 2) {
                return;
            }
            int b0 = in.getUnsignedByte(start);
            int b1 = in.getUnsignedByte(start + 1);
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            long length = b1 & 0x7F;
            int header = 2;
            if (length == 126) {
                if (readable < 4) {
                    return;
                }
                length = in.getUnsignedShort(start + 2);
                header = 4;
            } else if (length == 127) {
                if (readable < 10) {
                    return;
                }
                length = in.getLong(start + 2);
                header = 10;
            }
            header += 4; // the masking key
            String broken = broken(b0, b1, opcode, fin, length);
            if (broken != null) {
                fail(in, broken);
                return;
            }
            if (readable < header + length) {
                return; // bounded: length passed the limit check above
            }
            int key = in.getInt(start + header - 4);
            int n = (int) length;
            int payload = start + header;
            in.readerIndex(payload + n);
            if (opcode >= OP_CLOSE) {
                control(opcode, in, payload, n, key);
            } else if (fin && fragments == null) {
                byte[] a = ClientFrames.scratch(n);
                unmask(in, payload, n, key, a, 0);
                if (n == 0) {
                    throw new CorruptedFrameException("empty frame"); // as on TCP: PROTOCOL_ERROR
                }
                out.add(ClientFrames.parse(a, 0, n));
                if (maxMessage < FrameLimits.MAX_FRAME_BYTES) {
                    return; // before login each message goes on alone: the login may raise the limit
                }
            } else {
                if (fragments == null) {
                    fragments = new byte[Math.max(n, 1024)];
                } else if (fragmentsLength + n > fragments.length) {
                    fragments = Arrays.copyOf(fragments, Math.max(fragmentsLength + n, fragments.length * 2));
                }
                unmask(in, payload, n, key, fragments, fragmentsLength);
                fragmentsLength += n;
                if (fin) {
                    byte[] message = fragments;
                    int total = fragmentsLength;
                    fragments = null;
                    fragmentsLength = 0;
                    if (total == 0) {
                        throw new CorruptedFrameException("empty frame");
                    }
                    out.add(ClientFrames.parse(message, 0, total));
                }
            }
        }
    }

    @Override
    public void loggedIn() {
        maxMessage = FrameLimits.MAX_FRAME_BYTES;
    }

    /** Why a frame with this header must close the connection, or null if it may be read. */
    private String broken(int b0, int b1, int opcode, boolean fin, long length) {
        if ((b0 & 0x70) != 0) {
            return "protocol:reserved bits set (no extensions were negotiated)";
        }
        if ((b1 & 0x80) == 0) {
            return "protocol:client frames must be masked";
        }
        if (opcode >= OP_CLOSE) {
            if (opcode > OP_PONG) {
                return "protocol:unknown opcode " + opcode;
            }
            return !fin || length > 125 ? "protocol:control frames are single frames of at most 125 bytes" : null;
        }
        if (opcode > OP_BINARY) {
            return "protocol:unknown opcode " + opcode;
        }
        if (opcode == OP_TEXT) {
            return "text_frame:binary frames only";
        }
        if (opcode == OP_CONTINUATION && fragments == null) {
            return "protocol:a continuation frame without a message";
        }
        if (opcode == OP_BINARY && fragments != null) {
            return "protocol:a new message inside a fragmented one";
        }
        if (length < 0 || fragmentsLength + length > maxMessage) {
            return "too_large:message over " + maxMessage + " bytes" + (maxMessage < FrameLimits.MAX_FRAME_BYTES
                    ? " before login" : "");
        }
        return null;
    }

    private void control(int opcode, ByteBuf in, int payload, int n, int key) {
        byte[] a = new byte[n];
        unmask(in, payload, n, key, a, 0);
        switch (opcode) {
            case OP_PING -> codec.pong(a);
            case OP_CLOSE -> {
                done = true;
                codec.closeRequested();
            }
            default -> {
                // a pong needs nothing
            }
        }
    }

    /** Closes with the status of {@code why} ("reason:detail"), counted by reason. */
    private void fail(ByteBuf in, String why) {
        done = true;
        in.skipBytes(in.readableBytes());
        int colon = why.indexOf(':');
        String reason = why.substring(0, colon);
        String detail = why.substring(colon + 1);
        metrics.webSocketRejected(reason);
        WebSocketCloseStatus status = switch (reason) {
            case "text_frame" -> WebSocketCloseStatus.INVALID_MESSAGE_TYPE;
            case "too_large" -> WebSocketCloseStatus.MESSAGE_TOO_BIG;
            default -> WebSocketCloseStatus.PROTOCOL_ERROR;
        };
        codec.closeWith(status, detail);
    }

    /** Copies {@code n} payload bytes into {@code a} at {@code at}, unmasked (the key starts at the payload's first byte). */
    static void unmask(ByteBuf in, int from, int n, int key, byte[] a, int at) {
        in.getBytes(from, a, at, n);
        long mask = (key & 0xFFFFFFFFL) << 32 | (key & 0xFFFFFFFFL);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            LONGS.set(a, at + i, (long) LONGS.get(a, at + i) ^ mask);
        }
        for (; i < n; i++) {
            a[at + i] ^= (byte) (key >>> (24 - 8 * (i & 3)));
        }
    }
}
