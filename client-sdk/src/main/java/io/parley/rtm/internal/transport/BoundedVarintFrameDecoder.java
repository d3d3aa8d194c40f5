package io.parley.rtm.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/** varint32-length framing with a hard maximum, checked before the frame is buffered. */
final class BoundedVarintFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;

    BoundedVarintFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
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
            if (length <= 0 || length > maxFrameBytes) {
                throw new TooLongFrameException("bad frame length " + length);
            }
            if (in.readableBytes() < length) {
                in.readerIndex(start);
                return;
            }
            out.add(in.readRetainedSlice(length));
        }
    }
}
