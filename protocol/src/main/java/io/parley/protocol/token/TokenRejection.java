package io.parley.protocol.token;

/**
 * Why a token was refused. Each reason maps to exactly one RTM login error on the server
 * (see the server's LoginService): MALFORMED, SIGNATURE_MISMATCH, USER_MISMATCH and LIFETIME_TOO_LONG →
 * LOGIN_ERR_INVALID_TOKEN (5); APP_ID_MISMATCH → LOGIN_ERR_INVALID_APP_ID (4); EXPIRED →
 * LOGIN_ERR_TOKEN_EXPIRED (6); MISSING_LOGIN_PRIVILEGE → LOGIN_ERR_NOT_AUTHORIZED (7).
 */
public enum TokenRejection {
    /** Empty, unknown version, bad base64/zlib, truncated or oversized. */
    MALFORMED,
    /** Minted for another app id. */
    APP_ID_MISMATCH,
    /** Minted for another user id. */
    USER_MISMATCH,
    /** HMAC does not match any certificate of the app (tampered, or wrong certificate). */
    SIGNATURE_MISMATCH,
    /** Validity or login-privilege time has passed (or a 007 token with expire 0). */
    EXPIRED,
    /** Correctly signed for this user, but without the RTM login privilege. */
    MISSING_LOGIN_PRIVILEGE,
    /** A 006 token valid until further in the future than the verifier's lifetime cap allows. */
    LIFETIME_TOO_LONG
}
