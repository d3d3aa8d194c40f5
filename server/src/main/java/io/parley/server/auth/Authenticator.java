package io.parley.server.auth;

import io.parley.protocol.Identifiers;
import io.parley.protocol.token.TokenVerification;
import io.parley.protocol.token.TokenVerifier;
import io.parley.server.config.AppConfig;
import io.parley.server.config.ServerConfig;
import java.util.Map;

/**
 * Decides whether {@code (appId, userId, token)} may log in, and until when. Pure: no sessions,
 * no I/O. Dev mode (no app configured) accepts any well-formed app id without a token; an app
 * without a certificate accepts any token (RTM's "App ID only" projects).
 */
public final class Authenticator {
    /** Result: failure is null on success. expiresAtMillis is Long.MAX_VALUE when the token never expires. */
    public record Result(LoginFailure failure, long expiresAtMillis, String detail) {
        static Result ok(long expiresAtMillis) {
            return new Result(null, expiresAtMillis, "");
        }

        static Result fail(LoginFailure f, String detail) {
            return new Result(f, 0, detail);
        }

        public boolean ok() {
            return failure == null;
        }
    }


    private final Map<String, AppConfig> apps;
    private final boolean devMode;
    private final TokenVerifier verifier;

    public Authenticator(ServerConfig config, TokenVerifier verifier) {
        this.apps = config.apps();
        this.devMode = config.devMode();
        this.verifier = verifier;
    }

    public AppConfig app(String appId) {
        return apps.get(appId);
    }

    public Result authenticate(String appId, String userId, String token) {
        if (!Identifiers.isValidUserId(userId)) {
            return Result.fail(LoginFailure.INVALID_ARGUMENT, "user id breaks the RTM id rules");
        }
        return checkToken(appId, userId, token);
    }

    /** Token check alone (also used by renewToken). */
    public Result checkToken(String appId, String userId, String token) {
        if (appId == null || !io.parley.protocol.Identifiers.isValidAppId(appId)) {
            return Result.fail(LoginFailure.INVALID_APP_ID, "app id must be 1-64 characters of A-Z a-z 0-9 _ -");
        }
        AppConfig app = apps.get(appId);
        if (app == null) {
            return devMode ? Result.ok(Long.MAX_VALUE) : Result.fail(LoginFailure.INVALID_APP_ID, "unknown app id");
        }
        if (!app.requiresToken()) {
            return Result.ok(Long.MAX_VALUE);
        }
        if (token == null || token.isEmpty()) {
            return Result.fail(LoginFailure.INVALID_TOKEN, "app requires a token");
        }
        TokenVerification v = verifier.verify(token, appId, userId, app.certificates());
        if (v instanceof TokenVerification.Accepted a) {
            long expires = a.expiresAtEpochSec() >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : a.expiresAtEpochSec() * 1000;
            return Result.ok(expires);
        }
        TokenVerification.Rejected r = (TokenVerification.Rejected) v;
        LoginFailure f = switch (r.reason()) {
            case MALFORMED, SIGNATURE_MISMATCH, USER_MISMATCH, LIFETIME_TOO_LONG -> LoginFailure.INVALID_TOKEN;
            case APP_ID_MISMATCH -> LoginFailure.INVALID_APP_ID;
            case EXPIRED -> LoginFailure.TOKEN_EXPIRED;
            case MISSING_LOGIN_PRIVILEGE -> LoginFailure.NOT_AUTHORIZED;
        };
        return Result.fail(f, r.reason() + ": " + r.detail());
    }
}
