package io.parley.server.admin;

import io.parley.protocol.token.AccessToken006;
import io.parley.protocol.token.AccessToken007;
import io.parley.protocol.token.MalformedTokenException;
import io.parley.protocol.token.RtmTokenBuilder;
import io.parley.protocol.token.TokenVerification;
import io.parley.protocol.token.TokenVerifier;
import io.parley.server.config.AppConfig;
import io.parley.server.config.ServerConfig;
import io.parley.server.time.TimeSource;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST apps/{app}/tokens/inspect} explains a token; {@code POST apps/{app}/tokens}: mints an RTM login token with the app's primary certificate —
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

    record InspectRequest(String token, String userId) {
    }

    record Inspection(String version, String appId, String userId, String issuedAt, String expiresAt,
                      Map<String, String> privileges, boolean accepted, String reason) {
    }

    void register(Router r) {
        r.add("POST", "apps/{app}/tokens", this::mint);
        r.add("POST", "apps/{app}/tokens/inspect", this::inspect);
    }

    /**
     * Decodes a pasted 006/007 token and says whether this server would accept it for a login to
     * the app in the path (as {@code user_id}, or the user a 007 token names) and, if not, why.
     * Never echoes the token; works without token minting.
     */
    private Object inspect(Router.Call call) {
        InspectRequest req = call.body(InspectRequest.class);
        String token = req.token() == null ? "" : req.token().trim();
        String app = call.param("app");
        String version = token.length() >= 3 ? token.substring(0, 3) : "";
        String tokenApp = null;
        String user = req.userId();
        String issued = null;
        String expires = null;
        Map<String, String> privileges = new TreeMap<>();
        try {
            if (version.equals(AccessToken007.VERSION)) {
                AccessToken007 t = AccessToken007.parse(token);
                tokenApp = t.appId();
                issued = Instant.ofEpochSecond(t.issueTs()).toString();
                expires = Instant.ofEpochSecond(t.issueTs() + t.expire()).toString();
                for (AccessToken007.RtmService s : t.rtmServices()) {
                    user = user == null ? s.userId() : user;
                    s.privileges().forEach((id, rel) -> privileges.put(id == AccessToken007.PRIVILEGE_RTM_LOGIN
                            ? "rtm_login" : "privilege_" + id, Instant.ofEpochSecond(t.issueTs() + rel).toString()));
                }
            } else if (version.equals(AccessToken006.VERSION)) {
                AccessToken006 t = AccessToken006.parse(token);
                tokenApp = t.appId();
                expires = t.ts() == 0 ? null : Instant.ofEpochSecond(t.ts()).toString();
                t.privileges().forEach((id, at) -> privileges.put(id == AccessToken006.PRIVILEGE_RTM_LOGIN
                        ? "rtm_login" : "privilege_" + id, at == 0 ? "no separate limit" : Instant.ofEpochSecond(at).toString()));
            }
        } catch (MalformedTokenException e) {
            return new Inspection(version, null, user, null, null, privileges, false, "MALFORMED: " + e.getMessage());
        }
        if (tokenApp == null) {
            return new Inspection(version, null, user, null, null, privileges, false, "MALFORMED: not a 006 or 007 token");
        }
        AppConfig cfg = config.apps().get(app);
        if (cfg == null || !cfg.requiresToken()) {
            return new Inspection(version, tokenApp, user, issued, expires, privileges, true,
                    "this app needs no token: any login is accepted");
        }
        if (user == null) {
            return new Inspection(version, tokenApp, null, issued, expires, privileges, false,
                    "a 006 token carries only a checksum of its user: give user_id to check it");
        }
        TokenVerification v = new TokenVerifier(() -> time.currentTimeMillis() / 1000, config.enforce006PrivilegeExpiry(),
                300, config.tokenMaxLifetimeSeconds()).verify(token, app, user, cfg.certificates());
        return new Inspection(version, tokenApp, user, issued, expires, privileges, v.accepted(),
                v instanceof TokenVerification.Rejected r ? r.reason() + ": " + r.detail() : null);
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
