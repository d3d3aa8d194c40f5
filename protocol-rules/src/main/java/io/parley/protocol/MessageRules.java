package io.parley.protocol;

/**
 * RTM message content rules, shared by the SDK (to fail fast) and the server (authoritative):
 * a TEXT message needs non-empty text of at most {@link FrameLimits#MAX_MESSAGE_BYTES} UTF-8
 * bytes and no raw payload; a RAW message needs a non-empty payload, and payload plus UTF-8
 * description together are at most the same limit. Inclusive limits: 32,768 bytes pass, 32,769
 * fail.
 *
 * <p>The limits bound what a recipient is sent: the server forwards only type, text and raw (see
 * {@code io.parley.protocol.peer.MessageBodies#known}), so a body that passes, wrapped in a push with any valid sender and channel id,
 * stays far below {@link FrameLimits#MAX_FRAME_BYTES}.
 */
public final class MessageRules {
    public static final int TEXT = 1;
    public static final int RAW = 2;

    private MessageRules() {
    }

    public static boolean isValid(int type, String text, int rawLength) {
        return isValidSize(type, Identifiers.utf8Length(text), rawLength);
    }

    /** The same rules for a text already known by its UTF-8 length (e.g. bytes off the wire). */
    public static boolean isValidSize(int type, int textBytes, int rawLength) {
        if (type == TEXT) {
            // a TEXT message carries no payload: one would travel to the recipient uncounted
            return rawLength == 0 && textBytes > 0 && textBytes <= FrameLimits.MAX_MESSAGE_BYTES;
        }
        return type == RAW && rawLength > 0 && (long) rawLength + textBytes <= FrameLimits.MAX_MESSAGE_BYTES;
    }
}
