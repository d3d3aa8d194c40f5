package io.parley.server.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.util.concurrent.FastThreadLocal;
import io.parley.protocol.peer.PeerFrames;
import io.parley.protocol.v1.ClientFrame;

/**
 * Parses one client frame, whichever transport carried it (a length-prefixed TCP frame or a
 * binary WebSocket message). A frame is copied into its event loop's scratch array and parsed from
 * there: protobuf's array decoder is its fast path (from a direct buffer it would make a view and
 * a fresh array per frame), and it copies what it keeps, so the array is reused. Frames larger
 * than the scratch array are parsed from the read buffer. A SendPeerMessage or DeliveryAck that
 * {@link PeerFrames} reads comes out as its {@code Send} or {@code Ack}, every other frame as a
 * {@link ClientFrame}. A frame that is not a valid ClientFrame fails with
 * {@link CorruptedFrameException}.
 */
final class ClientFrames {
    private static final int SCRATCH_BYTES = 8192;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_BYTES];
        }
    };

    private ClientFrames() {
    }

    /** The frame in {@code in[at, at + length)}; does not move the buffer's indexes. */
    static Object parse(ByteBuf in, int at, int length) {
        if (length <= SCRATCH_BYTES) {
            byte[] scratch = SCRATCH.get();
            in.getBytes(at, scratch, 0, length);
            return parse(scratch, 0, length);
        }
        try {
            return ClientFrame.parseFrom(in.nioBuffer(at, length));
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptedFrameException("not a ClientFrame: " + e.getMessage());
        }
    }

    /** The frame in {@code a[off, off + length)}; the array may be reused once this returns. */
    static Object parse(byte[] a, int off, int length) {
        PeerFrames.Frame peerFrame = PeerFrames.decode(a, off, length); // the per-message frames, without protobuf
        if (peerFrame != null) {
            return peerFrame;
        }
        try {
            return ClientFrame.parser().parseFrom(a, off, length);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptedFrameException("not a ClientFrame: " + e.getMessage());
        }
    }

    /** This event loop's scratch array if it holds {@code length} bytes, else a new array. */
    static byte[] scratch(int length) {
        return length <= SCRATCH_BYTES ? SCRATCH.get() : new byte[length];
    }
}
