package io.parley.loadtest.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Hand-written encoding of the few client frames the raw clients send on their hot path, and a
 * reader for the server frame fields they look at. Field numbers are those of
 * {@code parley/v1/frames.proto}; everything else goes through the generated classes.
 */
final class Wire {
    static final int CLIENT_SEND_PEER_MESSAGE = 20;
    static final int CLIENT_DELIVERY_ACK = 21;
    static final int SERVER_PEER_MESSAGE = 100;
    static final int SERVER_CHANNEL_MESSAGE = 101;
    static final int SERVER_SESSION_ABORTED = 110;

    private Wire() {
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    static void writeVarint(ByteBuf b, long v) {
        while ((v & ~0x7FL) != 0) {
            b.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.writeByte((int) v);
    }

    private static int tagSize(int field) {
        return varintSize((long) field << 3);
    }

    private static void writeLenTag(ByteBuf b, int field) {
        writeVarint(b, ((long) field << 3) | 2);
    }

    /**
     * {@code varint length | ClientFrame{request_id, <field> = body}} where {@code body} is an
     * already serialised message (e.g. a SendPeerMessage encoded once per sender).
     */
    static ByteBuf frame(ByteBufAllocator alloc, int requestId, int field, byte[] body) {
        int inner = (requestId == 0 ? 0 : 1 + varintSize(requestId)) + tagSize(field) + varintSize(body.length)
                + body.length;
        ByteBuf b = alloc.ioBuffer(varintSize(inner) + inner);
        writeVarint(b, inner);
        if (requestId != 0) {
            b.writeByte(0x08);
            writeVarint(b, requestId);
        }
        writeLenTag(b, field);
        writeVarint(b, body.length);
        b.writeBytes(body);
        return b;
    }

    /** {@code varint length | frame}: an already serialised ClientFrame, as written to the socket. */
    static ByteBuf prefixed(ByteBufAllocator alloc, byte[] frame) {
        ByteBuf b = alloc.ioBuffer(varintSize(frame.length) + frame.length);
        writeVarint(b, frame.length);
        b.writeBytes(frame);
        return b;
    }

    /** {@code ClientFrame{delivery_ack{message_ids: [id]}}}, as the SDK sends one per push. */
    static ByteBuf deliveryAck(ByteBufAllocator alloc, long messageId) {
        int ack = 1 + varintSize(messageId);
        int inner = tagSize(CLIENT_DELIVERY_ACK) + varintSize(ack) + ack;
        ByteBuf b = alloc.ioBuffer(varintSize(inner) + inner);
        writeVarint(b, inner);
        writeLenTag(b, CLIENT_DELIVERY_ACK);
        writeVarint(b, ack);
        b.writeByte(0x08);
        writeVarint(b, messageId);
        return b;
    }

    static long readVarint(ByteBuf b) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b.readByte();
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalStateException("varint too long");
    }

    static void skip(ByteBuf b, int wireType) {
        switch (wireType) {
            case 0 -> readVarint(b);
            case 1 -> b.skipBytes(8);
            case 2 -> b.skipBytes((int) readVarint(b));
            case 5 -> b.skipBytes(4);
            default -> throw new IllegalStateException("wire type " + wireType);
        }
    }

    /**
     * Reads field {@code field} (varint) of the message in {@code b[from, to)}, or {@code dflt}.
     * Leaves the reader index at {@code to}.
     */
    static long varintField(ByteBuf b, int from, int to, int field, long dflt) {
        b.readerIndex(from);
        long found = dflt;
        while (b.readerIndex() < to) {
            long tag = readVarint(b);
            if ((tag >>> 3) == field && (tag & 7) == 0) {
                found = readVarint(b);
            } else {
                skip(b, (int) (tag & 7));
            }
        }
        return found;
    }

    /** Start index of the length-delimited field {@code field} in {@code b[from, to)}, or -1; its end in {@code end[0]}. */
    static int lenField(ByteBuf b, int from, int to, int field, int[] end) {
        b.readerIndex(from);
        while (b.readerIndex() < to) {
            long tag = readVarint(b);
            if ((tag >>> 3) == field && (tag & 7) == 2) {
                int len = (int) readVarint(b);
                end[0] = b.readerIndex() + len;
                return b.readerIndex();
            }
            skip(b, (int) (tag & 7));
        }
        return -1;
    }
}
