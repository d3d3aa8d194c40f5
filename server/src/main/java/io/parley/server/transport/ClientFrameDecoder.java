package io.parley.server.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.parley.protocol.v1.ClientFrame;

/**
 * Bounded varint framing and protobuf parsing in one step: each frame is parsed straight from the
 * read buffer (no slice, no copy to a heap array). A frame that is not a valid ClientFrame fails
 * with {@link CorruptedFrameException}.
 */
final class ClientFrameDecoder extends VarintFrameDecoder {
    ClientFrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes);
    }

    @Override
    protected Object frame(ByteBuf in, int length) {
        int at = in.readerIndex();
        in.skipBytes(length);
        try {
            return ClientFrame.parseFrom(in.nioBuffer(at, length));
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptedFrameException("not a ClientFrame: " + e.getMessage());
        }
    }
}
