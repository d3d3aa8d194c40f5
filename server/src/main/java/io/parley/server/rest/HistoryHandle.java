package io.parley.server.rest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A history query resource: the query itself, encoded into the opaque handle (URL-safe base64),
 * so any node of a cluster answers {@code GET …/query/{handle}} without shared state. A handle
 * grants nothing a caller could not ask for directly (it is used under the same app's
 * authentication), so it needs no signature; it names its app and expires.
 */
record HistoryHandle(String appId, String source, String destination, long fromMs, long toMs, int offset, int limit,
                     boolean descending, long expiresAtMs) {
    private static final byte VERSION = 1;

    String encode() {
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        byte[] src = source == null ? new byte[0] : source.getBytes(StandardCharsets.UTF_8);
        byte[] dst = destination == null ? new byte[0] : destination.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 3 * 2 + app.length + src.length + dst.length + 8 * 3 + 4 * 2 + 1 + 2);
        b.put(VERSION);
        b.putShort((short) app.length).put(app);
        b.putShort((short) (source == null ? -1 : src.length)).put(src);
        b.putShort((short) (destination == null ? -1 : dst.length)).put(dst);
        b.putLong(fromMs).putLong(toMs).putInt(offset).putInt(limit).put((byte) (descending ? 1 : 0)).putLong(expiresAtMs);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(b.array(), b.position()));
    }

    /** The handle's query, or null when it is not one of ours. */
    static HistoryHandle decode(String handle) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(handle));
            if (b.get() != VERSION) {
                return null;
            }
            String app = string(b);
            String src = string(b);
            String dst = string(b);
            HistoryHandle h = new HistoryHandle(app, src, dst, b.getLong(), b.getLong(), b.getInt(), b.getInt(),
                    b.get() == 1, b.getLong());
            return app == null || b.hasRemaining() ? null : h;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String string(ByteBuffer b) {
        short n = b.getShort();
        if (n < 0) {
            return null;
        }
        byte[] out = new byte[n];
        b.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }
}
