package io.parley.protocol.token;

/**
 * Outcome of {@link TokenVerifier#verify}: either accepted, with the moment the session's
 * privilege ends, or rejected with a reason.
 */
public sealed interface TokenVerification {

    /**
     * @param version        "006" or "007"
     * @param expiresAtEpochSec Unix seconds after which the token no longer grants login
     *                          ({@link Long#MAX_VALUE} when it never expires)
     */
    record Accepted(String version, long expiresAtEpochSec) implements TokenVerification {
    }

    record Rejected(TokenRejection reason, String detail) implements TokenVerification {
    }

    default boolean accepted() {
        return this instanceof Accepted;
    }
}
