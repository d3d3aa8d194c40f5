package io.parley.server.transport;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open the WebSocket endpoint, judged by the upgrade request's
 * {@code Origin} header (browsers send it and pages cannot change it; other clients need not).
 * <ul>
 *   <li>A configured list: {@code *} admits any origin, otherwise only the listed ones
 *       ({@code scheme://host[:port]}, compared case-insensitively; {@code null} for sandboxed
 *       pages and files).</li>
 *   <li>Nothing configured: any origin in dev mode (a local app on any port), else only a page
 *       served from the same host and port as the endpoint (the {@code Host} header).</li>
 *   <li>No {@code Origin} header: admitted. A non-browser client can send any header, so the check
 *       only protects users' browsers from other sites' pages; logins still need a valid token.</li>
 * </ul>
 */
final class WebSocketOrigins {
    private final boolean any;
    private final Set<String> listed;
    private final boolean sameHostOnly;

    private WebSocketOrigins(boolean any, Set<String> listed, boolean sameHostOnly) {
        this.any = any;
        this.listed = listed;
        this.sameHostOnly = sameHostOnly;
    }

    /** @param configured the allowed origins, or null for the default policy */
    static WebSocketOrigins of(List<String> configured, boolean devMode) {
        if (configured == null) {
            return new WebSocketOrigins(devMode, Set.of(), !devMode);
        }
        Set<String> set = configured.stream().map(WebSocketOrigins::normal).collect(Collectors.toUnmodifiableSet());
        return new WebSocketOrigins(set.contains("*"), set, false);
    }

    /** True if a request with these headers (either may be null) may upgrade. */
    boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        String o = normal(origin);
        if (listed.contains(o)) {
            return true;
        }
        return sameHostOnly && host != null && o.indexOf("://") > 0 && authority(o).equals(normal(host));
    }

    private static String authority(String origin) {
        try {
            String a = URI.create(origin).getRawAuthority();
            return a == null ? "" : a;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String normal(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }
}
