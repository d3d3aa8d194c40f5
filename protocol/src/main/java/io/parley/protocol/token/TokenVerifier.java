package io.parley.protocol.token;

import io.parley.protocol.FrameLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;

/**
 * Verifies RTM login tokens of both formats on their decoded bytes (agora-token.md §5).
 *
 * <p>Order of checks, so each failure has one reason: layout → app id → user id → signature
 * (against every certificate of the app: primary and secondary) → login privilege → clock.
 * Clock checks use the injected {@code nowEpochSeconds}; a {@code null} clock disables them
 * (useful only for the 1970 reference vectors).
 *
 * <p>Policies where Agora is undocumented: a 006 kRtmLogin expiry of 0 and a 007 login privilege
 * of 0 mean "no separate limit"; 006 privilege expiry is enforced unless
 * {@code enforce006PrivilegeExpiry} is false; a 007 token is valid for at most
 * {@code maxLifetimeSeconds} (24 h by default) and may be issued at most {@code maxClockSkewSeconds}
 * in the future. A 006 token carries no issue time, only its own expiry (builders set it 24 h
 * ahead): one whose expiry lies more than {@code maxLifetimeSeconds + maxClockSkewSeconds} in the
 * future is refused as {@link TokenRejection#LIFETIME_TOO_LONG}. Thread-safe and immutable.
 */
public final class TokenVerifier {
    public static final long DEFAULT_MAX_LIFETIME_SECONDS = 86_400;

    private final LongSupplier nowEpochSeconds;
    private final boolean enforce006PrivilegeExpiry;
    private final long maxClockSkewSeconds;
    private final long maxLifetimeSeconds;

    public TokenVerifier(LongSupplier nowEpochSeconds, boolean enforce006PrivilegeExpiry, long maxClockSkewSeconds) {
        this(nowEpochSeconds, enforce006PrivilegeExpiry, maxClockSkewSeconds, DEFAULT_MAX_LIFETIME_SECONDS);
    }

    public TokenVerifier(LongSupplier nowEpochSeconds, boolean enforce006PrivilegeExpiry, long maxClockSkewSeconds,
                         long maxLifetimeSeconds) {
        this.nowEpochSeconds = nowEpochSeconds;
        this.enforce006PrivilegeExpiry = enforce006PrivilegeExpiry;
        this.maxClockSkewSeconds = maxClockSkewSeconds;
        this.maxLifetimeSeconds = maxLifetimeSeconds;
    }

    /** A verifier on the system clock with the default policies. */
    public static TokenVerifier systemClock() {
        return new TokenVerifier(() -> System.currentTimeMillis() / 1000, true, 300);
    }

    /**
     * @param certificates the app's certificates; a token signed by any of them is accepted
     */
    public TokenVerification verify(String token, String appId, String userId, List<String> certificates) {
        if (token == null || token.length() < 3 || token.length() > FrameLimits.MAX_TOKEN_CHARS) {
            return reject(TokenRejection.MALFORMED, "missing or oversized token");
        }
        try {
            return switch (token.substring(0, 3)) {
                case AccessToken006.VERSION -> verify006(AccessToken006.parse(token), appId, userId, certificates);
                case AccessToken007.VERSION -> verify007(AccessToken007.parse(token), appId, userId, certificates);
                default -> reject(TokenRejection.MALFORMED, "unsupported token version");
            };
        } catch (MalformedTokenException e) {
            return reject(TokenRejection.MALFORMED, e.getMessage());
        }
    }

    private TokenVerification verify006(AccessToken006 t, String appId, String userId, List<String> certificates) {
        if (!t.appId().equals(appId)) {
            return reject(TokenRejection.APP_ID_MISMATCH, "token is for another app");
        }
        if (t.crcUid() != 0 || t.crcChannelName() != crc32(userId)) {
            return reject(TokenRejection.USER_MISMATCH, "token is for another user");
        }
        boolean signed = false;
        for (String cert : certificates) {
            signed |= Crypto.constantTimeEquals(t.signature(), AccessToken006.sign(cert, appId, userId, "", t.message()));
        }
        if (!signed) {
            return reject(TokenRejection.SIGNATURE_MISMATCH, "signature does not match");
        }
        Long privilege = t.privileges().get(AccessToken006.PRIVILEGE_RTM_LOGIN);
        if (privilege == null) {
            return reject(TokenRejection.MISSING_LOGIN_PRIVILEGE, "no kRtmLogin privilege");
        }
        long expiresAt = t.ts();
        if (enforce006PrivilegeExpiry && privilege != 0) {
            expiresAt = Math.min(expiresAt, privilege);
        }
        if (nowEpochSeconds != null && nowEpochSeconds.getAsLong() > expiresAt) {
            return reject(TokenRejection.EXPIRED, "token expired");
        }
        if (nowEpochSeconds != null && t.ts() - nowEpochSeconds.getAsLong() > maxLifetimeSeconds + maxClockSkewSeconds) {
            return reject(TokenRejection.LIFETIME_TOO_LONG, "token valid for longer than " + maxLifetimeSeconds + " s");
        }
        return new TokenVerification.Accepted(AccessToken006.VERSION, expiresAt);
    }

    private TokenVerification verify007(AccessToken007 t, String appId, String userId, List<String> certificates) {
        if (!t.appId().equals(appId)) {
            return reject(TokenRejection.APP_ID_MISMATCH, "token is for another app");
        }
        boolean signed = false;
        for (String cert : certificates) {
            signed |= t.signedWith(cert);
        }
        if (!signed) {
            return reject(TokenRejection.SIGNATURE_MISMATCH, "signature does not match");
        }
        if (t.rtmServices().isEmpty()) {
            return reject(TokenRejection.MISSING_LOGIN_PRIVILEGE, "no RTM service in token");
        }
        AccessToken007.RtmService service = t.rtmServices().stream()
                .filter(s -> s.userId().getBytes(StandardCharsets.UTF_8).length == userId.getBytes(StandardCharsets.UTF_8).length
                        && s.userId().equals(userId))
                .findFirst().orElse(null);
        if (service == null) {
            return reject(TokenRejection.USER_MISMATCH, "token is for another user");
        }
        Long privilege = service.privileges().get(AccessToken007.PRIVILEGE_RTM_LOGIN);
        if (privilege == null) {
            return reject(TokenRejection.MISSING_LOGIN_PRIVILEGE, "no RTM login privilege");
        }
        if (t.expire() == 0) {
            return reject(TokenRejection.EXPIRED, "token with expire 0");
        }
        long expiresAt = t.issueTs() + Math.min(t.expire(), maxLifetimeSeconds);
        if (privilege != 0) {
            expiresAt = Math.min(expiresAt, t.issueTs() + privilege);
        }
        if (nowEpochSeconds != null) {
            long now = nowEpochSeconds.getAsLong();
            if (t.issueTs() > now + maxClockSkewSeconds) {
                return reject(TokenRejection.EXPIRED, "token issued in the future");
            }
            if (now > expiresAt) {
                return reject(TokenRejection.EXPIRED, "token expired");
            }
        }
        return new TokenVerification.Accepted(AccessToken007.VERSION, expiresAt);
    }

    private static long crc32(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private static TokenVerification reject(TokenRejection reason, String detail) {
        return new TokenVerification.Rejected(reason, detail);
    }
}
