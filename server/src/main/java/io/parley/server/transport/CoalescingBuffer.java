package io.parley.server.transport;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.session.EncodedFrame;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The small frames written to one connection during one event loop iteration, encoded back to
 * back into a few buffers that the loop's flush sends with one write syscall. Per frame that
 * saves a pooled allocation, an outbound-buffer entry and a release. Confined to the connection's
 * event loop; holds no buffer between flushes.
 */
final class CoalescingBuffer {
    /** Frames larger than this are written as their own buffer (a copy would cost more than it saves). */
    static final int MAX_COALESCED_FRAME = 4096;
    /**
     * The first buffer of an iteration is sized by what the previous iteration wrote to this
     * connection, between these bounds: a connection that gets one channel push at a time gets
     * small buffers, since a slow client's buffers wait in its outbound queue and a mostly empty
     * one would hold far more memory than the bytes its slow-consumer limit counts.
     */
    static final int MIN_CAPACITY = 256;
    /** Largest buffer (unless one frame needs more); a longer burst continues in another. */
    static final int CAPACITY = 4096;

    private final Channel channel;
    private ByteBuf buf;
    private int bytesThisIteration;
    private int bytesLastIteration;

    CoalescingBuffer(Channel channel) {
        this.channel = channel;
    }

    /**
     * Appends the frame if it is small: a {@link ServerFrame} (encoded here, {@code varint32
     * length + frame}) or an {@link EncodedFrame} (its wire bytes copied). Returns false, appending
     * nothing, for anything else; the caller then writes it itself after {@link #writePending()}.
     * {@code scratch}: at least {@link #MAX_COALESCED_FRAME} bytes owned by the calling thread.
     */
    boolean append(Object message, byte[] scratch) {
        if (message instanceof ServerFrame frame) {
            int size = frame.getSerializedSize(); // memoised: writeTo does not compute it again
            int total = CodedOutputStream.computeUInt32SizeNoTag(size) + size;
            if (total > MAX_COALESCED_FRAME) {
                return false;
            }
            // protobuf's array encoder is the fast one (its direct-buffer encoder checks bounds per
            // byte): encode into the loop's scratch array, then one copy into the off-heap batch
            CodedOutputStream cos = CodedOutputStream.newInstance(scratch, 0, total);
            try {
                cos.writeUInt32NoTag(size);
                frame.writeTo(cos);
                cos.checkNoSpaceLeft();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // cannot happen: the frame fits the scratch array
            }
            room(total).writeBytes(scratch, 0, total);
            return true;
        }
        if (message instanceof EncodedFrame encoded && encoded.wire().length <= MAX_COALESCED_FRAME) {
            byte[] wire = encoded.wire();
            room(wire.length).writeBytes(wire);
            return true;
        }
        return false;
    }

    /** Writes the frames appended so far to the channel, unflushed (they keep their place before what follows). */
    void writePending() {
        ByteBuf b = take();
        if (b != null) {
            channel.write(b, channel.voidPromise()); // released by the channel if it closed meanwhile
        }
    }

    /** The frames appended so far, now owned by the caller (null if none); the next append starts a new buffer. */
    ByteBuf take() {
        ByteBuf b = buf;
        buf = null;
        if (bytesThisIteration > 0) {
            bytesLastIteration = bytesThisIteration;
            bytesThisIteration = 0;
        }
        return b;
    }

    /**
     * A buffer with {@code bytes} free. When the current one is full it is written to the channel
     * (unflushed: the loop's flush sends it with the rest) rather than grown, which would copy it.
     */
    private ByteBuf room(int bytes) {
        if (buf != null && buf.writableBytes() < bytes) {
            channel.write(buf, channel.voidPromise());
            buf = null;
        }
        if (buf == null) {
            // a burst continues at full size; a new iteration expects the last one's volume, and a half more
            int expected = bytesThisIteration == 0 ? bytesLastIteration + bytesLastIteration / 2 : CAPACITY;
            int capacity = Math.min(CAPACITY, Math.max(MIN_CAPACITY, expected));
            buf = channel.alloc().directBuffer(Math.max(capacity, bytes));
        }
        bytesThisIteration += bytes;
        return buf;
    }
}
