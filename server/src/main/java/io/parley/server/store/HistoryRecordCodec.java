package io.parley.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A {@link HistoryRecord}'s stored bytes: version, kind, ms, then source, destination and payload, each length-prefixed UTF-8. */
public final class HistoryRecordCodec {
    private static final byte VERSION = 1;

    private HistoryRecordCodec() {
    }

    public static byte[] encode(HistoryRecord r) {
        byte[] src = r.source().getBytes(StandardCharsets.UTF_8);
        byte[] dst = r.destination().getBytes(StandardCharsets.UTF_8);
        byte[] payload = r.payload().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 8 + 12 + src.length + dst.length + payload.length);
        b.put(VERSION).put((byte) r.kind().ordinal()).putLong(r.ms());
        b.putInt(src.length).put(src).putInt(dst.length).put(dst).putInt(payload.length).put(payload);
        return b.array();
    }

    /** The record, or null for bytes this version cannot read (skipped, never a failed query). */
    public static HistoryRecord decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != VERSION) {
                return null;
            }
            int kind = b.get();
            long ms = b.getLong();
            String src = string(b);
            String dst = string(b);
            String payload = string(b);
            if (kind < 0 || kind >= HistoryRecord.Kind.values().length || b.hasRemaining()) {
                return null;
            }
            return new HistoryRecord(src, dst, HistoryRecord.Kind.values()[kind], payload, ms);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String string(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("bad length");
        }
        byte[] out = new byte[n];
        b.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }
}
