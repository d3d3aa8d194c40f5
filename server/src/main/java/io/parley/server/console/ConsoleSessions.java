package io.parley.server.console;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Signed-in console sessions: a random token (the cookie's value) → the admin secret it signed in
 * with and the apps that secret opens. Kept in memory only (a restart signs everyone out), idle
 * sessions end after {@link #IDLE_MILLIS}, at most {@value #MAX} at once (the oldest go).
 */
final class ConsoleSessions {
    static final long IDLE_MILLIS = 8 * 3600_000L;
    private static final int MAX = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in operator; {@code apps} null for the server-wide secret. */
    record Signed(String secret, List<String> apps, long lastUsedMs) {
    }

    private final Map<String, Signed> byToken = new LinkedHashMap<>(16, 0.75f, true);
    private final LongSupplier clockMillis;

    ConsoleSessions(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    synchronized String open(String secret, List<String> apps) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        byToken.put(token, new Signed(secret, apps, clockMillis.getAsLong()));
        while (byToken.size() > MAX) {
            Iterator<String> eldest = byToken.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return token;
    }

    /** The session of {@code token}, touched, or null (unknown or idle too long). */
    synchronized Signed get(String token) {
        if (token == null) {
            return null;
        }
        Signed s = byToken.get(token);
        long now = clockMillis.getAsLong();
        if (s == null || now - s.lastUsedMs() > IDLE_MILLIS) {
            byToken.remove(token);
            return null;
        }
        Signed touched = new Signed(s.secret(), s.apps(), now);
        byToken.put(token, touched);
        return touched;
    }

    synchronized void close(String token) {
        if (token != null) {
            byToken.remove(token);
        }
    }
}
