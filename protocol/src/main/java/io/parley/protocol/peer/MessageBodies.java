package io.parley.protocol.peer;

import io.parley.protocol.MessageRules;
import io.parley.protocol.v1.MessageBody;

/** {@link MessageRules} applied to protobuf message bodies as the server receives them. */
public final class MessageBodies {
    private MessageBodies() {
    }

    /** The rules applied to a body as received ({@code text} measured as its UTF-8 bytes). */
    public static boolean isValid(MessageBody body) {
        return MessageRules.isValidSize(body.getTypeValue(), body.getTextBytes().size(), body.getRaw().size());
    }

    /**
     * The body rebuilt from the fields RTM defines (type, text, raw), or null if it breaks the
     * rules. Unknown fields a client added, which protobuf keeps and would forward, are dropped:
     * what a server passes on is what it checked.
     */
    public static MessageBody known(MessageBody body) {
        return isValid(body) ? knownFieldsOf(body) : null;
    }

    /** The body rebuilt from type, text and raw alone, valid or not (no copy of the text or payload). */
    public static MessageBody knownFieldsOf(MessageBody body) {
        return MessageBody.newBuilder().setTypeValue(body.getTypeValue()).setTextBytes(body.getTextBytes())
                .setRaw(body.getRaw()).build();
    }
}
