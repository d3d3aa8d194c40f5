package io.parley.server.transport;

import io.netty.buffer.ByteBuf;

/**
 * Bounded varint framing and protobuf parsing in one step (the TCP port): each frame is parsed by
 * {@link ClientFrames#parse}, as a WebSocket message's payload is.
 */
final class ClientFrameDecoder extends VarintFrameDecoder {
    ClientFrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes);
    }

    @Override
    protected Object frame(ByteBuf in, int length) {
        int at = in.readerIndex();
        in.skipBytes(length);
        return ClientFrames.parse(in, at, length);
    }
}
