package io.parley.server.admin;

import java.util.List;

/**
 * One admin API call as the HTTP layer saw it: method, decoded path segments (after
 * {@code /api/v1/}), the {@code Authorization} header (may be null) and the body (may be empty).
 */
public record AdminRequest(String method, List<String> path, String authorization, byte[] body) {
    public AdminRequest {
        path = List.copyOf(path);
        body = body == null ? new byte[0] : body;
    }
}
