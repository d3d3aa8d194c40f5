package io.parley.server.config;

/** Redis URIs as they may be shown: in logs, banners and errors the password never appears. */
public final class RedisUris {
    private RedisUris() {
    }

    /**
     * {@code redis://user:secret@host:6379} → {@code redis://user:***@host:6379};
     * {@code rediss://:secret@host} → {@code rediss://:***@host}; anything before an {@code @} is
     * treated as credentials, even without a scheme; URIs without credentials are unchanged.
     */
    public static String redacted(String uri) {
        if (uri == null) {
            return null;
        }
        int scheme = uri.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = uri.lastIndexOf('@');
        if (at < start) {
            return uri;
        }
        String userInfo = uri.substring(start, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return uri.substring(0, start) + user + ":***" + uri.substring(at);
    }
}
