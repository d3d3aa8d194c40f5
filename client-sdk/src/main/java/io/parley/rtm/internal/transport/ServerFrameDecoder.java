package io.parley.rtm.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.parley.rtm.internal.wire.ServerFrame;
import java.util.List;

/**
 * One length-delimited frame → one {@link ServerFrame}. Netty's ProtobufDecoder cannot be used: it
 * links {@code com.google.protobuf.ExtensionRegistry}, which the lite runtime (the SDK's, Android's)
 * does not have. A frame that does not parse fails the connection, which then reconnects.
 */
final class ServerFrameDecoder extends MessageToMessageDecoder<ByteBuf> {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) throws Exception {
        out.add(ServerFrame.parseFrom(frame.nioBuffer()));
    }
}
