package io.parley.server.admin;

import io.parley.protocol.token.RtmTokenBuilder;
import io.parley.server.config.AppConfig;
import io.parley.server.config.ServerConfig;
import io.parley.server.time.TimeSource;
import java.time.Instant;

/**
 * {@code POST apps/{app}/tokens}: mints an RTM login token with the app's primary certificate —
 * only when {@code admin.token-minting} is on (docker-compose and other dev setups).
 */
final class TokenEndpoint {
    static final long DEFAULT_EXPIRE_SECONDS = 24 * 3600;

    record TokenRequest(String userId, Long expireSeconds, String format) {
    }

    record TokenResult(String token, String userId, String expiresAt) {
    }

    private final ServerConfig config;
    private final TimeSource time;

    TokenEndpoint(ServerConfig config, TimeSource time) {
        this.config = config;
        this.time = time;
    }

    void register(Router r) {
        r.add("POST", "apps/{app}/tokens", this::mint);
    }

    private Object mint(Router.Call call) {
        if (!config.tokenMinting()) {
            throw new AdminError(403, "TOKEN_MINTING_DISABLED",
                    "token minting is off (admin.token-minting, PARLEY_ADMIN_TOKEN_MINTING)");
        }
        TokenRequest req = call.body(TokenRequest.class);
        String userId = UserEndpoints.userId(req.userId());
        // mint only what the verifier honours (tokens.max-lifetime-seconds, 24 h by default)
        long max = config.tokenMaxLifetimeSeconds();
        long expire = req.expireSeconds() == null ? Math.min(DEFAULT_EXPIRE_SECONDS, max) : req.expireSeconds();
        if (expire < 1 || expire > max) {
            throw AdminError.badRequest("INVALID_ARGUMENT", "'expire_seconds' must be 1.." + max);
        }
        AppConfig app = config.apps().get(call.param("app"));
        if (app == null || !app.requiresToken()) {
            throw AdminError.badRequest("NO_CERTIFICATE", "this app has no certificate: its logins need no token");
        }
        long now = time.currentTimeMillis() / 1000;
        String cert = app.certificates().get(0);
        String format = req.format() == null ? "007" : req.format();
        String token = switch (format) {
            case "007" -> RtmTokenBuilder.build007(app.appId(), cert, userId, now, expire);
            case "006" -> RtmTokenBuilder.build006(app.appId(), cert, userId, now, now + expire);
            default -> throw AdminError.badRequest("INVALID_ARGUMENT", "'format' must be \"007\" or \"006\"");
        };
        return new TokenResult(token, userId, Instant.ofEpochSecond(now + expire).toString());
    }
}
