package io.parley.server.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One call to an HTTP API as the transport saw it: method, percent-decoded path segments after
 * the API's prefix, headers (names lower-case, first value), query parameters, the caller's
 * address and the body (empty when none, or when only the head has been read).
 */
public record ApiCall(String method, List<String> path, Map<String, String> headers,
                      Map<String, List<String>> query, String remoteAddress, byte[] body) {
    public ApiCall {
        path = List.copyOf(path);
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The last value of query parameter {@code name}, or null. */
    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }
}
