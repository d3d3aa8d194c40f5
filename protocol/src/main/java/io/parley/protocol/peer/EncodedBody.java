package io.parley.protocol.peer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.parley.protocol.MessageRules;
import io.parley.protocol.v1.MessageBody;
import java.util.Arrays;

/**
 * A message body as it travels: the serialised {@link MessageBody} with its type and the sizes the
 * message rules need, so a server can check a peer message and pass the body on to the recipient
 * without decoding the text or re-encoding it. {@link #decode()} gives the protobuf form where one
 * is needed (offline store, other nodes). Immutable: never mutate {@link #bytes()}.
 */
public final class EncodedBody {
    private final byte[] bytes;
    private final int type;
    private final int textBytes;
    private final int rawBytes;

    EncodedBody(byte[] bytes, int type, int textBytes, int rawBytes) {
        this.bytes = bytes;
        this.type = type;
        this.textBytes = textBytes;
        this.rawBytes = rawBytes;
    }

    /**
     * The body with the fields RTM defines (type, text, raw) only: unknown fields a sender added
     * are not carried on to the recipient. Whether it passes the message rules is the caller's
     * check ({@link MessageRules#isValidSize} on {@link #type()} and the sizes).
     */
    public static EncodedBody of(MessageBody body) {
        MessageBody known = MessageBodies.knownFieldsOf(body);
        return new EncodedBody(known.toByteArray(), known.getTypeValue(), known.getTextBytes().size(),
                known.getRaw().size());
    }

    /** The wire value of the MessageType (unknown values kept as numbers). */
    public int type() {
        return type;
    }

    /** UTF-8 length of the text (TEXT) or description (RAW). */
    public int textBytes() {
        return textBytes;
    }

    public int rawBytes() {
        return rawBytes;
    }

    /** The serialised MessageBody. Shared, not copied: do not modify. */
    public byte[] bytes() {
        return bytes;
    }

    public MessageBody decode() {
        try {
            return MessageBody.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an EncodedBody holds a checked MessageBody", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedBody b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "EncodedBody[type=" + type + ", text=" + textBytes + " B, raw=" + rawBytes + " B]";
    }
}
