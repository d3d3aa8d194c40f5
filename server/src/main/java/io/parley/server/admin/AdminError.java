package io.parley.server.admin;

/**
 * A refused admin call: HTTP {@code status}, a stable {@code code} for programs and a message for
 * people. Rendered as {@code {"code": ..., "message": ...}} (plus {@code rtm_code} where the
 * failure is one of RTM's codes).
 */
final class AdminError extends RuntimeException {
    final int status;
    final String code;
    final Integer rtmCode;

    AdminError(int status, String code, String message) {
        this(status, code, message, null);
    }

    AdminError(int status, String code, String message, Integer rtmCode) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.rtmCode = rtmCode;
    }

    static AdminError badRequest(String code, String message) {
        return new AdminError(400, code, message);
    }

    static AdminError notFound(String code, String message) {
        return new AdminError(404, code, message);
    }
}
