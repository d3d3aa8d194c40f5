package io.parley.rtm.internal;

import io.parley.rtm.ErrorInfo;
import io.parley.rtm.RtmStatusCode;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;

/** Code → constant name per {@link RtmStatusCode} group, so ErrorInfo descriptions are the constant names. */
final class ErrorNames {
    private static final Map<Class<?>, Map<Integer, String>> NAMES = new HashMap<>();

    static {
        for (Class<?> group : RtmStatusCode.class.getDeclaredClasses()) {
            Map<Integer, String> byCode = new HashMap<>();
            for (Field f : group.getFields()) {
                try {
                    byCode.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new ExceptionInInitializerError(e);
                }
            }
            NAMES.put(group, byCode);
        }
    }

    private ErrorNames() {
    }

    public static String name(Class<?> group, int code) {
        Map<Integer, String> m = NAMES.get(group);
        String n = m == null ? null : m.get(code);
        return n == null ? "UNKNOWN_" + code : n;
    }

    public static ErrorInfo info(Class<?> group, int code) {
        return new ErrorInfo(code, name(group, code));
    }
}
