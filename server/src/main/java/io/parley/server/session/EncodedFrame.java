package io.parley.server.session;

import com.google.protobuf.CodedOutputStream;
import io.parley.protocol.v1.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A push serialised once and sent as the same bytes to many connections (channel fan-out):
 * {@link #wire()} is the frame as written to a connection, {@code varint32 length + ServerFrame},
 * so the transport writes it without re-encoding. Between nodes the frame travels without its
 * length ({@link #frameBytes()}, {@link #relayed}). Never mutate the wire bytes.
 *
 * <p>The transport may attach its own form of the bytes (e.g. one off-heap buffer that every
 * connection writes from) with {@link #transportForm(Object)}; the domain never looks at it.
 */
public final class EncodedFrame {
    private final byte[] wire;
    private final Enum<?> type;
    private final int frameLength;

    /** The type of a frame encoded on another node, for the frames-out metric. */
    public enum Kind {
        RELAYED
    }
    private volatile Object transportForm;
    private int sends; // approximate (racy) count of connections sent to; only a hint for the transport

    public EncodedFrame(byte[] wire, Enum<?> type) {
        this.wire = wire;
        this.type = type;
        int prefix = 1; // the length prefix is a varint: count its continuation bytes once
        while ((wire[prefix - 1] & 0x80) != 0) {
            prefix++;
        }
        this.frameLength = wire.length - prefix;
    }

    public static EncodedFrame of(ServerFrame frame) {
        int size = frame.getSerializedSize();
        byte[] wire = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
        CodedOutputStream out = CodedOutputStream.newInstance(wire);
        try {
            out.writeUInt32NoTag(size);
            frame.writeTo(out);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing into an exactly sized array
        }
        return new EncodedFrame(wire, frame.getBodyCase());
    }

    /** A serialised ServerFrame from another node (no length prefix), counted as RELAYED in the frames-out metric. */
    public static EncodedFrame relayed(byte[] frame) {
        int prefix = CodedOutputStream.computeUInt32SizeNoTag(frame.length);
        byte[] wire = new byte[prefix + frame.length];
        CodedOutputStream out = CodedOutputStream.newInstance(wire, 0, prefix);
        try {
            out.writeUInt32NoTag(frame.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.arraycopy(frame, 0, wire, prefix, frame.length);
        return new EncodedFrame(wire, Kind.RELAYED);
    }

    /** The serialised ServerFrame without its length prefix (what other nodes receive). */
    public byte[] frameBytes() {
        return java.util.Arrays.copyOfRange(wire, wire.length - frameLength(), wire.length);
    }

    /** The length of the serialised ServerFrame (the wire bytes less the length prefix). */
    public int frameLength() {
        return frameLength;
    }

    public byte[] wire() {
        return wire;
    }

    /** The push type (a ServerFrame body case, or {@link Kind#RELAYED}), for the frames-out metric. */
    public Enum<?> type() {
        return type;
    }

    /** How many sends this frame has seen so far (approximate under concurrency), counting this one. */
    public int countSend() {
        return ++sends;
    }

    public Object transportForm() {
        return transportForm;
    }

    public void transportForm(Object form) {
        this.transportForm = form;
    }
}
