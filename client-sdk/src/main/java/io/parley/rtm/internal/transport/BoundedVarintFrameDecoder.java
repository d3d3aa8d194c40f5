package io.parley.rtm.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * varint32-length framing with a hard maximum, checked before the frame is buffered. A frame over
 * the maximum is a protocol error for that frame alone: its bytes are discarded as they arrive
 * (never buffered), the skip is logged, and the frames after it are read as usual. Closing the
 * connection instead would bring the same frame back after every resume (a server re-sends
 * unacknowledged pushes), and nothing else would ever get through.
 */
final class BoundedVarintFrameDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(BoundedVarintFrameDecoder.class);
    private final int maxFrameBytes;
    /** Bytes of an oversize frame still to discard. */
    private long skipping;
    private long skipped;

    BoundedVarintFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Oversize frames skipped on this connection so far. */
    long skippedFrames() {
        return skipped;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (skipping > 0) {
                int n = (int) Math.min(skipping, in.readableBytes());
                in.skipBytes(n);
                skipping -= n;
                continue;
            }
            int start = in.readerIndex();
            int length = 0;
            int i = 0;
            byte b;
            do {
                if (!in.isReadable()) {
                    in.readerIndex(start);
                    return;
                }
                if (i == 5) {
                    throw new CorruptedFrameException("length prefix longer than 5 bytes");
                }
                b = in.readByte();
                length |= (b & 0x7f) << (7 * i++);
            } while ((b & 0x80) != 0);
            if (length <= 0) {
                throw new CorruptedFrameException("bad frame length " + (length & 0xffffffffL));
            }
            if (length > maxFrameBytes) {
                skipped++;
                skipping = length;
                log.warn("skipping a {}-byte frame from {}: over the {}-byte frame limit (not acknowledged)", length,
                        ctx.channel().remoteAddress(), maxFrameBytes);
                continue;
            }
            if (in.readableBytes() < length) {
                in.readerIndex(start);
                return;
            }
            out.add(in.readRetainedSlice(length));
        }
    }
}
