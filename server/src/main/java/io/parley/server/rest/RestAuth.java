package io.parley.server.rest;

import io.parley.protocol.Identifiers;
import io.parley.server.auth.Authenticator;
import io.parley.server.config.RestConfig;
import io.parley.server.http.ApiCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * Who may call Agora's REST API for an app, as Agora has it:
 * <ul>
 *   <li>HTTP Basic with a customer id and secret — the server-wide pair, or the app's own pair
 *       (compared in constant time); the caller may act as any user. Another app's pair → 403.
 *       In dev mode with no pair configured any Basic pair is accepted, so an app's backend works
 *       against a local server unchanged.</li>
 *   <li>RTM token auth: {@code x-agora-token} + {@code x-agora-uid}, or
 *       {@code Authorization: agora token=<token>} with {@code x-agora-uid}; verified exactly like a
 *       login token; the caller may act only as that uid.</li>
 * </ul>
 * No credentials, or wrong ones → 401.
 */
final class RestAuth {
    /** An authenticated caller; {@code uid} null for customer (Basic) credentials, which may act as anyone. */
    record Caller(String uid) {
        void mayActAs(String userId) {
            if (uid != null && !uid.equals(userId)) {
                throw new RestError(403, "forbidden", "a token authenticates '" + uid + "' only; it cannot send as '"
                        + userId + "'");
            }
        }
    }

    private final RestConfig config;
    private final Authenticator authenticator;
    private final boolean devMode;

    RestAuth(RestConfig config, Authenticator authenticator, boolean devMode) {
        this.config = config;
        this.authenticator = authenticator;
        this.devMode = devMode;
    }

    Caller authenticate(ApiCall call, String appId) {
        String authorization = call.header("authorization");
        String token = call.header("x-agora-token");
        if (authorization != null && authorization.regionMatches(true, 0, "agora token=", 0, 12)) {
            token = authorization.substring(12).trim();
            authorization = null;
        }
        if (authorization != null) {
            return basic(authorization, appId);
        }
        if (token != null) {
            return token(token, call.header("x-agora-uid"), appId);
        }
        throw new RestError(401, "unauthorized",
                "missing credentials: 'Authorization: Basic' (customer id and secret) or x-agora-token with x-agora-uid");
    }

    private Caller basic(String header, String appId) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new RestError(401, "unauthorized", "unsupported Authorization scheme: use Basic or 'agora token='");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RestError(401, "unauthorized", "Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new RestError(401, "unauthorized", "Basic credentials must be customer-id:customer-secret");
        }
        String id = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        if (!config.hasCustomers() && devMode) {
            return new Caller(null);
        }
        RestConfig.Credentials own = config.appCustomers().get(appId);
        if (matches(config.customer(), id, secret) || matches(own, id, secret)) {
            return new Caller(null);
        }
        for (Map.Entry<String, RestConfig.Credentials> e : config.appCustomers().entrySet()) {
            if (!e.getKey().equals(appId) && matches(e.getValue(), id, secret)) {
                throw new RestError(403, "forbidden", "these customer credentials belong to another app");
            }
        }
        throw new RestError(401, "unauthorized", "unknown customer id or secret");
    }

    private Caller token(String token, String uid, String appId) {
        if (uid == null || uid.isEmpty()) {
            throw new RestError(401, "unauthorized", "token authentication needs x-agora-uid");
        }
        if (!Identifiers.isValidUserId(uid)) {
            throw new RestError(401, "unauthorized", "x-agora-uid breaks the RTM user id rules");
        }
        Authenticator.Result r = authenticator.checkToken(appId, uid, token);
        if (!r.ok()) {
            throw new RestError(401, "unauthorized", "token refused: " + r.failure());
        }
        return new Caller(uid);
    }

    private static boolean matches(RestConfig.Credentials c, String id, String secret) {
        if (c == null) {
            return false;
        }
        boolean idOk = MessageDigest.isEqual(c.id().getBytes(StandardCharsets.UTF_8), id.getBytes(StandardCharsets.UTF_8));
        boolean secretOk = MessageDigest.isEqual(c.secret().getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
        return idOk & secretOk;
    }
}
