package io.parley.server.auth;

/**
 * Why a login or token renewal was refused, in domain terms. The dispatcher maps each to the wire
 * ErrorCode, and the SDK maps that to the RTM LOGIN_ERR_* / RENEW_TOKEN_ERR_* constant:
 * INVALID_ARGUMENT → 3, INVALID_APP_ID → 4, INVALID_TOKEN → 5, TOKEN_EXPIRED → 6,
 * NOT_AUTHORIZED → 7, REJECTED → 2, TOO_OFTEN → 10, ALREADY_LOGGED_IN → 8.
 */
public enum LoginFailure {
    INVALID_ARGUMENT,
    INVALID_APP_ID,
    INVALID_TOKEN,
    TOKEN_EXPIRED,
    NOT_AUTHORIZED,
    REJECTED,
    TOO_OFTEN,
    ALREADY_LOGGED_IN
}
