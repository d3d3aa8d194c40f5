package io.parley.server.log;

/**
 * Client-supplied values as they may appear in a log line: at most 80 characters, and every
 * control character (C0 and C1 controls, DEL, the Unicode line and paragraph separators) replaced
 * by {@code ?}, so a value cannot start a forged log line or send terminal escape sequences.
 * Use it for every value a client or an HTTP caller chose that is logged before it was validated.
 */
public final class LogSafe {
    private static final int MAX = 80;

    private LogSafe() {
    }

    public static String of(String s) {
        if (s == null) {
            return "null";
        }
        int n = Math.min(s.length(), MAX);
        StringBuilder b = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                if (b == null) {
                    b = new StringBuilder(n + 1).append(s, 0, i);
                }
                b.append('?');
            } else if (b != null) {
                b.append(c);
            }
        }
        String out = b != null ? b.toString() : s.length() > MAX ? s.substring(0, MAX) : s;
        return s.length() > MAX ? out + "…" : out;
    }
}
