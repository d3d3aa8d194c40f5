package io.parley.server.http;

import java.util.Map;

/**
 * The HTTP status, JSON body and extra headers (e.g. {@code WWW-Authenticate}) of an API answer;
 * or, with {@code stream}, a Server-Sent Events answer kept open by the transport.
 */
public record ApiResponse(int status, String json, Map<String, String> headers, EventStream stream) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public ApiResponse(int status, String json, Map<String, String> headers) {
        this(status, json, headers, null);
    }

    public ApiResponse(int status, String json) {
        this(status, json, Map.of(), null);
    }

    /** A 200 Server-Sent Events answer. */
    public static ApiResponse eventStream(EventStream stream, Map<String, String> headers) {
        return new ApiResponse(200, "", headers, stream);
    }
}
