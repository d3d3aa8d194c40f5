package io.parley.protocol;

import java.util.Map;

/**
 * RTM attribute limits (agora-rtm-api.md §3.2 and Parley's readings): a key is 1–32 bytes of
 * visible ASCII; a value is non-empty and at most 8 KB; at most 32 pairs; all keys and values
 * together at most {@code maxTotalBytes} (16 KB for users, 32 KB for channels). Key or value
 * shape → INVALID_ARGUMENT; count or size after the operation → SIZE_OVERFLOW.
 */
public final class AttributeRules {
    public static final int MAX_KEY_BYTES = 32;
    public static final int MAX_ATTRIBUTES = 32;
    public static final int MAX_USER_TOTAL_BYTES = 16 * 1024;

    private AttributeRules() {
    }

    public static boolean validKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_BYTES) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    public static boolean validValueShape(String value) {
        return value != null && !value.isEmpty();
    }

    /** True if the resulting set is within count, per-value and total size limits. */
    public static boolean withinLimits(Map<String, String> attrs, int maxTotalBytes) {
        if (attrs.size() > MAX_ATTRIBUTES) {
            return false;
        }
        long total = 0;
        for (Map.Entry<String, String> e : attrs.entrySet()) {
            int v = Identifiers.utf8Length(e.getValue());
            if (v > FrameLimits.MAX_ATTRIBUTE_VALUE_BYTES) {
                return false;
            }
            total += e.getKey().length() + v;
        }
        return total <= maxTotalBytes;
    }
}
