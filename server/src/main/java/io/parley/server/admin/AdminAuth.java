package io.parley.server.admin;

import io.parley.server.config.AppConfig;
import io.parley.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may call the admin API: {@code Authorization: Bearer <secret>} with the server-wide secret
 * (every app) or an app's own secret (that app only). No header, an unknown secret or another
 * app's secret → 401, alike, so an answer never tells a caller that a secret is valid somewhere;
 * no secret configured at all → 403 (the API is off).
 */
final class AdminAuth {
    private final ServerConfig config;

    AdminAuth(ServerConfig config) {
        this.config = config;
    }

    boolean enabled() {
        return config.adminSecret() != null
                || config.apps().values().stream().anyMatch(a -> a.adminSecret() != null);
    }

    /** Throws unless {@code authorization} grants access to {@code appId}. */
    void check(String authorization, String appId) {
        if (!enabled()) {
            throw new AdminError(403, "ADMIN_API_DISABLED",
                    "the admin API is off: set admin.secret (PARLEY_ADMIN_SECRET, --admin-secret)");
        }
        String secret = bearer(authorization);
        if (secret == null) {
            throw new AdminError(401, "UNAUTHORIZED", "missing 'Authorization: Bearer <admin secret>'");
        }
        if (matches(config.adminSecret(), secret)) {
            return;
        }
        AppConfig app = config.apps().get(appId);
        if (app != null && matches(app.adminSecret(), secret)) {
            return;
        }
        throw new AdminError(401, "UNAUTHORIZED", "unknown admin secret");
    }

    /** Throws unless {@code authorization} holds the server-wide secret (403 for an app's own secret). */
    void checkServerWide(String authorization) {
        checkAny(authorization);
        if (!matches(config.adminSecret(), bearer(authorization))) {
            throw new AdminError(403, "SERVER_SECRET_REQUIRED", "this endpoint needs the server-wide admin secret");
        }
    }

    /** Which apps {@code secret} opens: null for every app (the server-wide secret), else the app ids. */
    java.util.List<String> appsOpenedBy(String secret) {
        if (matches(config.adminSecret(), secret)) {
            return null;
        }
        return config.apps().values().stream().filter(a -> matches(a.adminSecret(), secret)).map(AppConfig::appId)
                .sorted().toList();
    }

    /** Throws unless {@code authorization} holds the server-wide secret or some app's secret. */
    void checkAny(String authorization) {
        if (!enabled()) {
            check(authorization, null);
        }
        String secret = bearer(authorization);
        if (secret == null) {
            throw new AdminError(401, "UNAUTHORIZED", "missing 'Authorization: Bearer <admin secret>'");
        }
        boolean known = matches(config.adminSecret(), secret)
                || config.apps().values().stream().anyMatch(a -> matches(a.adminSecret(), secret));
        if (!known) {
            throw new AdminError(401, "UNAUTHORIZED", "unknown admin secret");
        }
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String s = h.substring(7).trim();
        return s.isEmpty() ? null : s;
    }

    private static boolean matches(String expected, String given) {
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
