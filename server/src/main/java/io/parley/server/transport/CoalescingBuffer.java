package io.parley.server.transport;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.session.EncodedFrame;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The small frames written to one connection during one event loop iteration, encoded back to
 * back into a single buffer that the flush hands to the channel as one write. Per frame that saves
 * a pooled allocation, an outbound-buffer entry and a release; the socket sees one buffer either
 * way. Confined to the connection's event loop; holds no memory between flushes.
 */
final class CoalescingBuffer {
    /** Frames larger than this are written as their own buffer (a copy would cost more than it saves). */
    static final int MAX_COALESCED_FRAME = 4096;
    /** A buffer this full is handed to the channel before the next frame starts a new one. */
    static final int MAX_BYTES = 64 * 1024;
    private static final int INITIAL_CAPACITY = 1024;

    private ByteBuf buf;

    /**
     * Appends the frame if it is small: a {@link ServerFrame} (encoded here, {@code varint32
     * length + frame}) or an {@link EncodedFrame} (its wire bytes copied). Returns false, appending
     * nothing, for anything else; the caller then writes it itself after {@link #take()}.
     */
    boolean append(Object message, ByteBufAllocator alloc) {
        if (message instanceof ServerFrame frame) {
            int size = frame.getSerializedSize(); // memoised: writeTo does not compute it again
            int total = CodedOutputStream.computeUInt32SizeNoTag(size) + size;
            if (total > MAX_COALESCED_FRAME) {
                return false;
            }
            ByteBuf out = room(total, alloc);
            int at = out.writerIndex();
            CodedOutputStream cos = CodedOutputStream.newInstance(out.internalNioBuffer(at, total));
            try {
                cos.writeUInt32NoTag(size);
                frame.writeTo(cos);
                cos.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // cannot happen: the space was reserved above
            }
            out.writerIndex(at + total);
            return true;
        }
        if (message instanceof EncodedFrame encoded && encoded.wire().length <= MAX_COALESCED_FRAME) {
            byte[] wire = encoded.wire();
            room(wire.length, alloc).writeBytes(wire);
            return true;
        }
        return false;
    }

    /** The frames appended so far, now owned by the caller (null if none); the next append starts a new buffer. */
    ByteBuf take() {
        ByteBuf b = buf;
        buf = null;
        return b;
    }

    boolean isFull() {
        return buf != null && buf.readableBytes() >= MAX_BYTES;
    }

    private ByteBuf room(int bytes, ByteBufAllocator alloc) {
        if (buf == null) {
            buf = alloc.directBuffer(Math.max(INITIAL_CAPACITY, bytes));
        } else {
            buf.ensureWritable(bytes);
        }
        return buf;
    }
}
