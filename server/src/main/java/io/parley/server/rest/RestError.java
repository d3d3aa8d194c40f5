package io.parley.server.rest;

/**
 * A refused REST call: HTTP {@code status} and a stable snake_case {@code code}, rendered as
 * {@code {"result": "failed", "request_id", "code", "message"}} (Agora documents no error body;
 * this shape keeps its {@code result} field and adds the reason).
 */
final class RestError extends RuntimeException {
    final int status;
    final String code;

    RestError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static RestError badRequest(String code, String message) {
        return new RestError(400, code, message);
    }
}
