package io.parley.server.http;

import java.util.Map;

/** The HTTP status, JSON body and extra headers (e.g. {@code WWW-Authenticate}) of an API answer. */
public record ApiResponse(int status, String json, Map<String, String> headers) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public ApiResponse(int status, String json) {
        this(status, json, Map.of());
    }
}
