package io.parley.protocol;

import java.nio.charset.StandardCharsets;

/**
 * RTM identifier rules (agora-rtm-api.md §3.3), shared by the server and the SDK so both reject
 * the same ids with the same codes.
 *
 * <p>User and channel ids: 1–64 bytes; not the literal {@code "null"}; characters from
 * {@code a-z A-Z 0-9}, space and {@code ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,};
 * Parley also rejects a leading space (the reading the Agora demos and token docs use).
 */
public final class Identifiers {
    public static final int MAX_ID_BYTES = 64;
    private static final String PUNCTUATION = " !#$%&()+-:;<=.>?@[]^_{}|~,";
    /** Allowed id characters by code (all ASCII): a table, as ids are checked once per peer message. */
    private static final boolean[] ALLOWED = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ALLOWED[c] = true;
        }
        for (char c : PUNCTUATION.toCharArray()) {
            ALLOWED[c] = true;
        }
    }

    private Identifiers() {
    }

    /** An app id as Parley accepts it: 1–64 characters of {@code A-Z a-z 0-9 _ -} (Agora's are 32 hex digits). */
    public static boolean isValidAppId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValidUserId(String id) {
        return isValidId(id);
    }

    public static boolean isValidChannelId(String id) {
        return isValidId(id);
    }

    private static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.equals("null") || id.charAt(0) == ' ') {
            return false;
        }
        if (id.length() > MAX_ID_BYTES) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= ALLOWED.length || !ALLOWED[c]) {
                return false;
            }
        }
        // every allowed character is one UTF-8 byte, so length() is the byte length
        return true;
    }

    /** UTF-8 length of a string without allocating the encoded bytes. */
    public static int utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
