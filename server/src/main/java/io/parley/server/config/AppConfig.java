package io.parley.server.config;

import java.util.List;

/**
 * One RTM project: its app id, the certificates that may sign its tokens (primary first, then
 * secondary for rotation) and an optional cap on concurrent users (0 = none). An app with no
 * certificate accepts logins without a token, as RTM does for "App ID only" projects.
 * {@code adminSecret} (optional) authorises admin REST calls for this app only.
 */
public record AppConfig(String appId, List<String> certificates, int maxUsers, String adminSecret) {
    public AppConfig {
        certificates = List.copyOf(certificates);
        adminSecret = adminSecret == null || adminSecret.isEmpty() ? null : adminSecret;
    }

    public AppConfig(String appId, List<String> certificates, int maxUsers) {
        this(appId, certificates, maxUsers, null);
    }

    public boolean requiresToken() {
        return !certificates.isEmpty();
    }

    public AppConfig withCertificates(List<String> certs) {
        return new AppConfig(appId, certs, maxUsers, adminSecret);
    }
}
