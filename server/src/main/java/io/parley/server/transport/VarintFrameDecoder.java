package io.parley.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the stream into frames of {@code varint32 length + bytes}. Unlike Netty's
 * ProtobufVarint32FrameDecoder it enforces a maximum: a length over {@code maxFrameBytes} fails
 * with {@link TooLongFrameException} as soon as the prefix is read, before anything is allocated;
 * a varint longer than 5 bytes or a zero length fails with {@link CorruptedFrameException}.
 */
public class VarintFrameDecoder extends ByteToMessageDecoder {
    private int maxFrameBytes;

    public VarintFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            in.markReaderIndex();
            int start = in.readerIndex();
            long length = 0;
            int shift = 0;
            boolean complete = false;
            for (int i = 0; i < 5 && in.isReadable(); i++) {
                byte b = in.readByte();
                length |= (long) (b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete) {
                if (in.readerIndex() - start >= 5) {
                    throw new CorruptedFrameException("length prefix longer than 5 bytes");
                }
                in.resetReaderIndex();
                return;
            }
            if (length == 0) {
                throw new CorruptedFrameException("empty frame");
            }
            if (length > maxFrameBytes) {
                throw new TooLongFrameException("frame of " + length + " bytes exceeds " + maxFrameBytes);
            }
            if (in.readableBytes() < length) {
                in.resetReaderIndex();
                return;
            }
            out.add(frame(in, (int) length));
            if (oneFramePerCall()) {
                return; // handed on before the next frame's length is judged (see ClientFrameDecoder)
            }
        }
    }

    /** True to hand each frame on before reading the next one's length (the limit may change in between). */
    protected boolean oneFramePerCall() {
        return false;
    }

    /** Raises (or lowers) the limit for the frames still to come. */
    protected void maxFrameBytes(int bytes) {
        maxFrameBytes = bytes;
    }

    /** The frame of {@code length} bytes at the reader index; must advance the reader index past it. */
    protected Object frame(ByteBuf in, int length) {
        return in.readRetainedSlice(length);
    }
}
