package io.parley.rtm.internal;

import io.parley.rtm.internal.wire.ErrorCode;
import io.parley.rtm.RtmStatusCode.LoginError;
import io.parley.rtm.RtmStatusCode.RenewTokenError;

/** Wire ErrorCode → RTM LoginError / RenewTokenError values. */
final class LoginErrors {
    private LoginErrors() {
    }

    static int login(ErrorCode code) {
        switch (code) {
            case OK:
                return LoginError.LOGIN_ERR_OK;
            case REJECTED:
                return LoginError.LOGIN_ERR_REJECTED;
            case INVALID_ARGUMENT:
            case INVALID_USER_ID:
                return LoginError.LOGIN_ERR_INVALID_ARGUMENT;
            case INVALID_APP_ID:
                return LoginError.LOGIN_ERR_INVALID_APP_ID;
            case INVALID_TOKEN:
                return LoginError.LOGIN_ERR_INVALID_TOKEN;
            case TOKEN_EXPIRED:
                return LoginError.LOGIN_ERR_TOKEN_EXPIRED;
            case NOT_AUTHORIZED:
                return LoginError.LOGIN_ERR_NOT_AUTHORIZED;
            case ALREADY_LOGGED_IN:
                return LoginError.LOGIN_ERR_ALREADY_LOGIN;
            case TIMEOUT:
                return LoginError.LOGIN_ERR_TIMEOUT;
            case TOO_OFTEN:
                return LoginError.LOGIN_ERR_TOO_OFTEN;
            default:
                return LoginError.LOGIN_ERR_UNKNOWN;
        }
    }

    static int renew(ErrorCode code) {
        switch (code) {
            case OK:
                return RenewTokenError.RENEW_TOKEN_ERR_OK;
            case INVALID_ARGUMENT:
                return RenewTokenError.RENEW_TOKEN_ERR_INVALID_ARGUMENT;
            case REJECTED:
                return RenewTokenError.RENEW_TOKEN_ERR_REJECTED;
            case TOO_OFTEN:
                return RenewTokenError.RENEW_TOKEN_ERR_TOO_OFTEN;
            case TOKEN_EXPIRED:
                return RenewTokenError.RENEW_TOKEN_ERR_TOKEN_EXPIRED;
            case INVALID_TOKEN:
            case INVALID_APP_ID:
            case NOT_AUTHORIZED:
                return RenewTokenError.RENEW_TOKEN_ERR_INVALID_TOKEN;
            case NOT_LOGGED_IN:
                return RenewTokenError.RENEW_TOKEN_ERR_USER_NOT_LOGGED_IN;
            default:
                return RenewTokenError.RENEW_TOKEN_ERR_FAILURE;
        }
    }
}
