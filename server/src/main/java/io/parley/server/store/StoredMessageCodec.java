package io.parley.server.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The stored form of an offline message, shared by the RocksDB and Redis stores (seq kept outside). */
public final class StoredMessageCodec {
    private StoredMessageCodec() {
    }

    public static byte[] encode(StoredMessage m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + m.raw().length);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(1); // format version
            out.writeLong(m.storedAtMillis());
            out.writeLong(m.serverReceivedTs());
            out.writeByte(m.type());
            writeBytes(out, m.fromUserId().getBytes(StandardCharsets.UTF_8));
            writeBytes(out, m.text().getBytes(StandardCharsets.UTF_8));
            writeBytes(out, m.raw());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    public static StoredMessage decode(long seq, byte[] value) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
            in.readByte();
            long storedAt = in.readLong();
            long serverTs = in.readLong();
            int type = in.readByte();
            String from = new String(readBytes(in), StandardCharsets.UTF_8);
            String text = new String(readBytes(in), StandardCharsets.UTF_8);
            byte[] raw = readBytes(in);
            return new StoredMessage(seq, from, type, text, raw, serverTs, storedAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
