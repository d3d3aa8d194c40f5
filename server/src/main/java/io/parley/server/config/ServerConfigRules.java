package io.parley.server.config;

import io.parley.protocol.Identifiers;
import io.parley.server.ratelimit.Operation;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What a {@link ServerConfig} must satisfy; {@link #check} names the first bad setting. */
final class ServerConfigRules {
    private static final Pattern CERTIFICATE = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private ServerConfigRules() {
    }

    /** Throws {@link ConfigException} for the first setting of {@code b} that is not valid. */
    static void check(ServerConfig.Builder b) {
        checkPort("port", b.port);
        checkPort("http-port", b.httpPort);
        if (b.httpHost != null && b.httpHost.isBlank()) {
            throw new ConfigException("http-host: must not be empty");
        }
        if (b.httpMaxConnections < 1 || b.httpIdleTimeoutMillis < 1 || b.httpBodyTimeoutMillis < 1) {
            throw new ConfigException("http.max-connections, http.idle-timeout-ms, http.body-timeout-ms: must be positive");
        }
        if (b.host != null && b.host.isBlank()) {
            throw new ConfigException("host: must not be empty");
        }
        if (b.dataDir == null) {
            throw new ConfigException("data-dir: must not be empty");
        }
        for (AppConfig app : b.apps.values()) {
            if (app.appId() == null || !Identifiers.isValidAppId(app.appId())) {
                throw new ConfigException("app-id: '" + app.appId() + "' must be 1-64 characters of A-Z a-z 0-9 _ -");
            }
            for (String cert : app.certificates()) {
                if (cert == null || !CERTIFICATE.matcher(cert).matches()) {
                    throw new ConfigException("app-certificate: certificate of app '" + app.appId()
                            + "' must be 32 hexadecimal characters");
                }
            }
            if (app.requiresToken() && app.appId().length() != 32) {
                throw new ConfigException("app-id: '" + app.appId()
                        + "' has a certificate, so it must be a 32-character Agora app id");
            }
            if (app.maxUsers() < 0) {
                throw new ConfigException("max-users: app '" + app.appId() + "' must be 0 (no cap) or more");
            }
        }
        checkPositive("unreachable-after", b.unreachableAfter);
        checkPositive("session-timeout", b.sessionTimeout);
        checkPositive("login-handshake-timeout", b.loginHandshakeTimeout);
        checkPositive("heartbeat-interval", b.heartbeatInterval);
        if (b.sessionTimeout.compareTo(b.unreachableAfter) < 0) {
            throw new ConfigException("session-timeout: must not be shorter than unreachable-after");
        }
        if (b.loginsPerSecond < 1) {
            throw new ConfigException("logins-per-second: must be at least 1");
        }
        for (Map.Entry<Operation, Integer> e : b.rateLimits.entrySet()) {
            if (e.getValue() < 0) {
                throw new ConfigException("limits." + e.getKey().configKey() + ": must be 0 (unlimited) or more");
            }
        }
        checkPositive("messages.ack-timeout", b.peerAckTimeout);
        checkPositive("messages.offline-ttl", b.offlineTtl);
        checkPositive("channels.empty-attribute-ttl", b.channelAttributeTtl);
        checkPositive("invitations.offline-retry", b.invitationOfflineRetry);
        checkPositive("invitations.no-response", b.invitationNoResponse);
        checkPositive("invitations.expire", b.invitationExpire);
        if (b.offlineMaxPerUser < 1) {
            throw new ConfigException("messages.offline-max-per-user: must be at least 1");
        }
        if (b.maxUnackedPerSession < 1) {
            throw new ConfigException("messages.max-unacked-per-session: must be at least 1");
        }
        if (b.adminSecret != null && b.adminSecret.length() < 16) {
            throw new ConfigException("admin.secret: must be at least 16 characters");
        }
        for (AppConfig app : b.apps.values()) {
            if (app.adminSecret() != null && app.adminSecret().length() < 16) {
                throw new ConfigException("apps.admin-secret: secret of app '" + app.appId()
                        + "' must be at least 16 characters");
            }
        }
        if (b.logLevel != null && !LOG_LEVELS.contains(b.logLevel)) {
            throw new ConfigException("log-level: '" + b.logLevel + "' is not one of TRACE DEBUG INFO WARN ERROR OFF");
        }
        if (b.redisTlsTrust != null && !Files.isReadable(b.redisTlsTrust)) {
            throw new ConfigException("redis-tls-trust: cannot read " + b.redisTlsTrust);
        }
        if (b.offlineMaxQueuedAppends < 1) {
            throw new ConfigException("messages.offline-max-queued-appends: must be positive");
        }
        if (b.offlineMaxBytesPerApp < 1) {
            throw new ConfigException("messages.offline-max-bytes-per-app: must be positive");
        }
        if (b.tokenMaxLifetimeSeconds < 60) {
            throw new ConfigException("tokens.max-lifetime-seconds: must be at least 60");
        }
        if (b.maxLiveInvitationsPerUser < 0) {
            throw new ConfigException("limits.max-live-invitations-per-user: must be 0 (no cap) or more");
        }
        if (b.maxConnections < 0 || b.maxConnectionsPerAddress < 0 || b.maxChannelsPerApp < 0) {
            throw new ConfigException("limits.max-connections, max-connections-per-address, max-channels-per-app: "
                    + "must be 0 (no cap) or more");
        }
        if ((b.tlsCertFile == null) != (b.tlsKeyFile == null)) {
            throw new ConfigException("tls: give both the certificate file and the key file");
        }
        if (b.tlsCertFile != null && !Files.isReadable(b.tlsCertFile)) {
            throw new ConfigException("tls.cert-file: cannot read " + b.tlsCertFile);
        }
        if (b.tlsKeyFile != null && !Files.isReadable(b.tlsKeyFile)) {
            throw new ConfigException("tls.key-file: cannot read " + b.tlsKeyFile);
        }
        if (b.redis != null && !b.redis.matches("rediss?://.+")) {
            throw new ConfigException("redis: '" + RedisUris.redacted(b.redis)
                    + "' must look like redis://[user:password@]host:port (rediss:// for TLS)");
        }
        for (String seed : b.redisCluster) {
            if (!seed.matches("rediss?://[^/]+:[0-9]{1,5}")) {
                throw new ConfigException("redis-cluster: '" + RedisUris.redacted(seed)
                        + "' must look like HOST:PORT or redis://[user:password@]host:port (rediss:// for TLS)");
            }
        }
        if (b.redis != null && !b.redisCluster.isEmpty()) {
            throw new ConfigException("redis and redis-cluster: give one of them (a single Redis or a Redis Cluster)");
        }
        if (b.nodeId == null || !b.nodeId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ConfigException("node-id: must be 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        if (b.slowConsumerBytes < 64 * 1024) {
            throw new ConfigException("limits.slow-consumer-bytes: must be at least 65536");
        }
        if (b.ioThreads < 0) {
            throw new ConfigException("io-threads: must be 0 (default) or more");
        }
    }

    private static void checkPort(String name, int p) {
        if (p < 0 || p > 65535) {
            throw new ConfigException(name + ": " + p + " is not a TCP port (0-65535)");
        }
    }

    private static void checkPositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ConfigException(name + ": must be a positive duration");
        }
    }
}
