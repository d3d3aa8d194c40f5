package io.parley.protocol;

/**
 * RTM message content rules, shared by the SDK (to fail fast) and the server (authoritative):
 * a TEXT message needs non-empty text of at most {@link FrameLimits#MAX_MESSAGE_BYTES} UTF-8
 * bytes; a RAW message needs a non-empty payload, and payload plus UTF-8 description together are
 * at most the same limit. Inclusive limits: 32,768 bytes pass, 32,769 fail.
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
        return switch (type) {
            case TEXT -> textBytes > 0 && textBytes <= FrameLimits.MAX_MESSAGE_BYTES;
            case RAW -> rawLength > 0 && (long) rawLength + textBytes <= FrameLimits.MAX_MESSAGE_BYTES;
            default -> false;
        };
    }
}
