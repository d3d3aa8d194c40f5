package io.parley.server.transport;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.parley.protocol.v1.ServerFrame;
import java.nio.ByteBuffer;

/**
 * Writes {@code varint32 length + ServerFrame} straight into one exactly sized (direct) buffer.
 * Pre-encoded frames ({@link ByteBuf}s, see EncodedFrame) pass through untouched.
 */
final class ServerFrameEncoder extends MessageToByteEncoder<ServerFrame> {
    ServerFrameEncoder() {
        super(ServerFrame.class, true);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ServerFrame frame, boolean preferDirect) {
        int size = frame.getSerializedSize(); // memoised: encode() below does not compute it again
        return ctx.alloc().ioBuffer(CodedOutputStream.computeUInt32SizeNoTag(size) + size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ServerFrame frame, ByteBuf out) throws Exception {
        int size = frame.getSerializedSize();
        int total = CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        out.ensureWritable(total);
        ByteBuffer target = out.nioBuffer(out.writerIndex(), total);
        CodedOutputStream cos = CodedOutputStream.newInstance(target);
        cos.writeUInt32NoTag(size);
        frame.writeTo(cos);
        cos.flush();
        out.writerIndex(out.writerIndex() + total);
    }
}
