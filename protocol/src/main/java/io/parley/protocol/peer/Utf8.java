package io.parley.protocol.peer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Well-formed UTF-8 as the Unicode standard defines it (Table 3-7): no overlong forms, no
 * surrogates, nothing above U+10FFFF — the check protobuf applies to proto3 strings.
 */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Utf8() {
    }

    static boolean isValid(byte[] a, int start, int end) {
        int i = start;
        while (i + Long.BYTES <= end && ((long) LONGS.get(a, i) & 0x8080808080808080L) == 0) { // ASCII, 8 at a time
            i += Long.BYTES;
        }
        while (i < end && a[i] >= 0) { // the rest of the ASCII run
            i++;
        }
        while (i < end) {
            int b = a[i++] & 0xFF;
            if (b < 0x80) {
                continue;
            }
            if (b < 0xC2 || b > 0xF4) {
                return false; // continuation byte first, overlong 2-byte lead, or beyond U+10FFFF
            }
            if (b < 0xE0) {
                if (i >= end || !continuation(a[i++])) {
                    return false;
                }
                continue;
            }
            if (b < 0xF0) {
                if (i + 1 >= end) {
                    return false;
                }
                int b1 = a[i++] & 0xFF;
                int lo = b == 0xE0 ? 0xA0 : 0x80; // E0: no overlong
                int hi = b == 0xED ? 0x9F : 0xBF; // ED: no surrogates
                if (b1 < lo || b1 > hi || !continuation(a[i++])) {
                    return false;
                }
                continue;
            }
            if (i + 2 >= end) {
                return false;
            }
            int b1 = a[i++] & 0xFF;
            int lo = b == 0xF0 ? 0x90 : 0x80; // F0: no overlong
            int hi = b == 0xF4 ? 0x8F : 0xBF; // F4: not above U+10FFFF
            if (b1 < lo || b1 > hi || !continuation(a[i++]) || !continuation(a[i++])) {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
