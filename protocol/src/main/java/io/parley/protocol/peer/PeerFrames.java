package io.parley.protocol.peer;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The frames of a peer message, read and written without protobuf objects: a server answers each
 * peer message with four frames (SendPeerMessage and DeliveryAck in, PeerMessagePush and the OK
 * reply out), and building and walking protobuf messages for them cost more than the rest of the
 * server's own work on a message.
 *
 * <p>{@link #decode} recognises a ClientFrame carrying exactly a request id and one
 * SendPeerMessage or DeliveryAck with fields it knows; anything else (another body, unknown or
 * repeated fields, invalid UTF-8, a truncated field) returns null and the caller parses the frame
 * with protobuf, which keeps protobuf's rules and errors as the one definition of the format. The
 * encoders write the same bytes protobuf writes for the same values (tested against it).
 */
public final class PeerFrames {
    /** A client frame read by this codec. */
    public sealed interface Frame permits Send, Ack {
    }

    /** A SendPeerMessage request; the body stays encoded. {@code historical}: keep it for the history API. */
    public record Send(int requestId, String peerId, EncodedBody body, boolean offlineAllowed, boolean historical)
            implements Frame {
    }

    /** A DeliveryAck: the message ids the recipient's SDK received. */
    public record Ack(int requestId, long[] messageIds) implements Frame {
    }

    // tags: field number << 3 | wire type (0 varint, 2 length-delimited)
    private static final int CLIENT_REQUEST_ID = 1 << 3;
    private static final int CLIENT_SEND_PEER_MESSAGE = 20 << 3 | 2;
    private static final int CLIENT_DELIVERY_ACK = 21 << 3 | 2;
    private static final int SERVER_REQUEST_ID = 1 << 3;
    private static final int SERVER_STATUS = 2 << 3 | 2;
    private static final int SERVER_SEND_PEER_MESSAGE_REPLY = 20 << 3 | 2;
    private static final int SERVER_PEER_MESSAGE = 100 << 3 | 2;
    private static final long[] NO_IDS = new long[0];

    private PeerFrames() {
    }

    /**
     * A {@link Send} or {@link Ack} if {@code frame[off, off + len)} is a ClientFrame this codec
     * reads, else null (parse it with protobuf).
     */
    public static Frame decode(byte[] frame, int off, int len) {
        Reader r = new Reader(frame, off, off + len);
        int requestId = 0;
        boolean seenRequestId = false;
        int bodyTag = 0;
        int bodyStart = 0;
        int bodyEnd = 0;
        while (r.more()) {
            int tag = r.tag();
            if (tag == CLIENT_REQUEST_ID && !seenRequestId) {
                requestId = (int) r.varint();
                seenRequestId = true;
            } else if ((tag == CLIENT_SEND_PEER_MESSAGE || tag == CLIENT_DELIVERY_ACK) && bodyTag == 0) {
                bodyTag = tag;
                r.skipBytes();
                bodyStart = r.fieldStart;
                bodyEnd = r.fieldEnd;
            } else {
                return null;
            }
            if (r.bad) {
                return null;
            }
        }
        if (bodyTag == CLIENT_SEND_PEER_MESSAGE) {
            return send(frame, bodyStart, bodyEnd, requestId);
        }
        if (bodyTag == CLIENT_DELIVERY_ACK) {
            return ack(frame, bodyStart, bodyEnd, requestId);
        }
        return null;
    }

    private static Send send(byte[] a, int start, int end, int requestId) {
        Reader r = new Reader(a, start, end);
        int peerStart = start;
        int peerEnd = start;
        int bodyStart = start;
        int bodyEnd = start;
        boolean offline = false;
        boolean historical = false;
        while (r.more()) {
            int tag = r.tagOnce(4);
            switch (tag) {
                case 1 << 3 | 2 -> {
                    r.skipBytes();
                    peerStart = r.fieldStart;
                    peerEnd = r.fieldEnd;
                }
                case 2 << 3 | 2 -> {
                    r.skipBytes();
                    bodyStart = r.fieldStart;
                    bodyEnd = r.fieldEnd;
                }
                case 3 << 3 -> offline = r.varint() != 0;
                case 4 << 3 -> historical = r.varint() != 0;
                default -> {
                    return null; // a known field with the wrong wire type
                }
            }
            if (r.bad) {
                return null;
            }
        }
        if (!Utf8.isValid(a, peerStart, peerEnd)) {
            return null;
        }
        EncodedBody body = body(a, bodyStart, bodyEnd);
        if (body == null) {
            return null;
        }
        return new Send(requestId, new String(a, peerStart, peerEnd - peerStart, StandardCharsets.UTF_8), body, offline,
                historical);
    }

    /**
     * An encoded {@code MessageBody} read the way a client's is: known fields only, each once, valid
     * UTF-8 text; null otherwise. Whether it passes the size rules is the caller's check.
     */
    public static EncodedBody readBody(byte[] encoded) {
        return body(encoded, 0, encoded.length);
    }

    private static EncodedBody body(byte[] a, int start, int end) {
        Reader r = new Reader(a, start, end);
        int type = 0;
        int textStart = start;
        int textEnd = start;
        int raw = 0;
        while (r.more()) {
            int tag = r.tagOnce(3);
            switch (tag) {
                case 1 << 3 -> type = (int) r.varint();
                case 2 << 3 | 2 -> {
                    r.skipBytes();
                    textStart = r.fieldStart;
                    textEnd = r.fieldEnd;
                }
                case 3 << 3 | 2 -> {
                    r.skipBytes();
                    raw = r.fieldEnd - r.fieldStart;
                }
                default -> {
                    return null;
                }
            }
            if (r.bad) {
                return null;
            }
        }
        if (!Utf8.isValid(a, textStart, textEnd)) {
            return null;
        }
        return new EncodedBody(Arrays.copyOfRange(a, start, end), type, textEnd - textStart, raw);
    }

    private static Ack ack(byte[] a, int start, int end, int requestId) {
        Reader r = new Reader(a, start, end);
        long[] ids = NO_IDS;
        int n = 0;
        while (r.more()) {
            int tag = r.tag();
            if (tag == (1 << 3 | 2)) { // packed (proto3's default)
                r.skipBytes();
                if (r.bad) {
                    return null;
                }
                Reader p = new Reader(a, r.fieldStart, r.fieldEnd);
                while (p.more()) {
                    long id = p.varint();
                    if (p.bad) {
                        return null;
                    }
                    if (n == ids.length) {
                        ids = Arrays.copyOf(ids, Math.max(8, n * 2));
                    }
                    ids[n++] = id;
                }
            } else if (tag == 1 << 3) { // one id per field, as an older encoder may write
                long id = r.varint();
                if (r.bad) {
                    return null;
                }
                if (n == ids.length) {
                    ids = Arrays.copyOf(ids, Math.max(8, n * 2));
                }
                ids[n++] = id;
            } else {
                return null;
            }
        }
        return new Ack(requestId, n == ids.length ? ids : Arrays.copyOf(ids, n));
    }

    // ------------------------------------------------------------------------------ encoders

    /**
     * A ServerFrame carrying a PeerMessagePush, with its varint length prefix: the bytes a server
     * writes to the recipient's connection.
     */
    public static byte[] encodePush(long messageId, ByteString fromUserId, EncodedBody body, long serverReceivedTs,
                                    boolean offline) {
        byte[] b = body.bytes();
        int inner = (messageId != 0 ? 1 + varintSize(messageId) : 0)
                + (fromUserId.isEmpty() ? 0 : 1 + varintSize(fromUserId.size()) + fromUserId.size())
                + 1 + varintSize(b.length) + b.length
                + (serverReceivedTs != 0 ? 1 + varintSize(serverReceivedTs) : 0)
                + (offline ? 2 : 0);
        int frame = varintSize(SERVER_PEER_MESSAGE) + varintSize(inner) + inner;
        byte[] out = new byte[varintSize(frame) + frame];
        int p = putVarint(out, 0, frame);
        p = putVarint(out, p, SERVER_PEER_MESSAGE);
        p = putVarint(out, p, inner);
        if (messageId != 0) {
            out[p++] = 1 << 3;
            p = putVarint(out, p, messageId);
        }
        if (!fromUserId.isEmpty()) {
            out[p++] = 2 << 3 | 2;
            p = putVarint(out, p, fromUserId.size());
            fromUserId.copyTo(out, p);
            p += fromUserId.size();
        }
        out[p++] = 3 << 3 | 2;
        p = putVarint(out, p, b.length);
        System.arraycopy(b, 0, out, p, b.length);
        p += b.length;
        if (serverReceivedTs != 0) {
            out[p++] = 4 << 3;
            p = putVarint(out, p, serverReceivedTs);
        }
        if (offline) {
            out[p++] = 5 << 3;
            out[p++] = 1;
        }
        return out;
    }

    /**
     * The OK reply to a SendPeerMessage (status OK, SendPeerMessageReply), with its varint length
     * prefix.
     */
    public static byte[] encodeSendReply(int requestId, long messageId, long serverReceivedTs) {
        int inner = (messageId != 0 ? 1 + varintSize(messageId) : 0)
                + (serverReceivedTs != 0 ? 1 + varintSize(serverReceivedTs) : 0);
        long rid = requestId & 0xFFFFFFFFL; // uint32
        int frame = (rid != 0 ? 1 + varintSize(rid) : 0) + 2
                + varintSize(SERVER_SEND_PEER_MESSAGE_REPLY) + varintSize(inner) + inner;
        byte[] out = new byte[varintSize(frame) + frame];
        int p = putVarint(out, 0, frame);
        if (rid != 0) {
            out[p++] = SERVER_REQUEST_ID;
            p = putVarint(out, p, rid);
        }
        out[p++] = SERVER_STATUS; // Status{code: OK}: every field at its default, so empty
        out[p++] = 0;
        p = putVarint(out, p, SERVER_SEND_PEER_MESSAGE_REPLY);
        p = putVarint(out, p, inner);
        if (messageId != 0) {
            out[p++] = 1 << 3;
            p = putVarint(out, p, messageId);
        }
        if (serverReceivedTs != 0) {
            out[p++] = 2 << 3;
            putVarint(out, p, serverReceivedTs);
        }
        return out;
    }

    private static int varintSize(long v) {
        return CodedOutputStream.computeUInt64SizeNoTag(v);
    }

    static int putVarint(byte[] out, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    /** A cursor over protobuf fields; {@link #bad} once anything is out of bounds or malformed. */
    private static final class Reader {
        final byte[] a;
        final int end;
        int pos;
        boolean bad;
        /** The bytes of the last field {@link #skipBytes} passed. */
        int fieldStart;
        int fieldEnd;
        /** Fields {@link #tagOnce} returned, a bit per field number. */
        private int seen;

        Reader(byte[] a, int pos, int end) {
            this.a = a;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end && !bad;
        }

        /**
         * A tag of field 1..{@code maxField} not seen before in this message; otherwise 0 and
         * {@link #bad} (an unknown or repeated field is left to protobuf).
         */
        int tagOnce(int maxField) {
            int tag = tag();
            int field = tag >>> 3;
            if (field < 1 || field > maxField || (seen & 1 << field) != 0) {
                bad = true;
                return 0;
            }
            seen |= 1 << field;
            return tag;
        }

        int tag() {
            long t = varint();
            if (t <= 0 || t > Integer.MAX_VALUE) {
                bad = true;
                return 0;
            }
            return (int) t;
        }

        /** A varint of at most 10 bytes. */
        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    bad = true;
                    return 0;
                }
                byte b = a[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            bad = true;
            return 0;
        }

        /**
         * Reads a length-delimited field's length and moves past its bytes, which are at
         * {@code [fieldStart, fieldEnd)}; {@link #bad} if they run past the end.
         */
        void skipBytes() {
            long n = varint();
            if (bad || n < 0 || n > end - pos) {
                bad = true;
                fieldStart = pos;
                fieldEnd = pos;
                return;
            }
            fieldStart = pos;
            pos += (int) n;
            fieldEnd = pos;
        }
    }
}
