package io.parley.protocol.token;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian packing used by both AccessToken versions: u16/u32 integers and u16-length-prefixed
 * byte strings. Reads throw {@link MalformedTokenException} on truncation instead of
 * IndexOutOfBounds, so a garbage token is always reported as malformed.
 */
final class LeBuffer {
    private final byte[] data;
    private int pos;

    LeBuffer(byte[] data) {
        this.data = data;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return data.length - pos;
    }

    int u16() throws MalformedTokenException {
        need(2);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    long u32() throws MalformedTokenException {
        need(4);
        long v = (data[pos] & 0xffL) | (data[pos + 1] & 0xffL) << 8 | (data[pos + 2] & 0xffL) << 16
                | (data[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    byte[] bytes(int n) throws MalformedTokenException {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    byte[] string() throws MalformedTokenException {
        return bytes(u16());
    }

    private void need(int n) throws MalformedTokenException {
        if (n < 0 || pos + n > data.length) {
            throw new MalformedTokenException("token truncated at byte " + pos);
        }
    }

    /** Writer counterpart. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

        Writer u16(int v) {
            out.write(v & 0xff);
            out.write((v >>> 8) & 0xff);
            return this;
        }

        Writer u32(long v) {
            out.write((int) (v & 0xff));
            out.write((int) ((v >>> 8) & 0xff));
            out.write((int) ((v >>> 16) & 0xff));
            out.write((int) ((v >>> 24) & 0xff));
            return this;
        }

        Writer raw(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        Writer string(byte[] b) {
            return u16(b.length).raw(b);
        }

        Writer string(String s) {
            return string(s.getBytes(StandardCharsets.UTF_8));
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
