package io.parley.rtm.internal;

import io.parley.protocol.v1.ErrorCode;
import io.parley.rtm.RtmStatusCode.LoginError;
import io.parley.rtm.RtmStatusCode.RenewTokenError;

/** Wire ErrorCode → RTM LoginError / RenewTokenError values. */
final class LoginErrors {
    private LoginErrors() {
    }

    static int login(ErrorCode code) {
        return switch (code) {
            case OK -> LoginError.LOGIN_ERR_OK;
            case REJECTED -> LoginError.LOGIN_ERR_REJECTED;
            case INVALID_ARGUMENT, INVALID_USER_ID -> LoginError.LOGIN_ERR_INVALID_ARGUMENT;
            case INVALID_APP_ID -> LoginError.LOGIN_ERR_INVALID_APP_ID;
            case INVALID_TOKEN -> LoginError.LOGIN_ERR_INVALID_TOKEN;
            case TOKEN_EXPIRED -> LoginError.LOGIN_ERR_TOKEN_EXPIRED;
            case NOT_AUTHORIZED -> LoginError.LOGIN_ERR_NOT_AUTHORIZED;
            case ALREADY_LOGGED_IN -> LoginError.LOGIN_ERR_ALREADY_LOGIN;
            case TIMEOUT -> LoginError.LOGIN_ERR_TIMEOUT;
            case TOO_OFTEN -> LoginError.LOGIN_ERR_TOO_OFTEN;
            default -> LoginError.LOGIN_ERR_UNKNOWN;
        };
    }

    static int renew(ErrorCode code) {
        return switch (code) {
            case OK -> RenewTokenError.RENEW_TOKEN_ERR_OK;
            case INVALID_ARGUMENT -> RenewTokenError.RENEW_TOKEN_ERR_INVALID_ARGUMENT;
            case REJECTED -> RenewTokenError.RENEW_TOKEN_ERR_REJECTED;
            case TOO_OFTEN -> RenewTokenError.RENEW_TOKEN_ERR_TOO_OFTEN;
            case TOKEN_EXPIRED -> RenewTokenError.RENEW_TOKEN_ERR_TOKEN_EXPIRED;
            case INVALID_TOKEN, INVALID_APP_ID, NOT_AUTHORIZED -> RenewTokenError.RENEW_TOKEN_ERR_INVALID_TOKEN;
            case NOT_LOGGED_IN -> RenewTokenError.RENEW_TOKEN_ERR_USER_NOT_LOGGED_IN;
            default -> RenewTokenError.RENEW_TOKEN_ERR_FAILURE;
        };
    }
}
