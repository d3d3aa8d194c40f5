package io.parley.server.config;

import io.parley.server.ratelimit.Operation;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Immutable server configuration. Build with {@link #builder()}; derive variants with
 * {@link #toBuilder()}. {@link ConfigLoader} fills it from defaults, YAML, environment and flags.
 *
 * <p>With no app configured the server runs in dev mode: any app id logs in without a token.
 */
public final class ServerConfig {
    private final String host;
    private final boolean hostGiven;
    private final int port;
    private final int httpPort;
    private final Path dataDir;
    private final Map<String, AppConfig> apps;
    private final Duration unreachableAfter;
    private final Duration sessionTimeout;
    private final Duration loginHandshakeTimeout;
    private final Duration heartbeatInterval;
    private final int loginsPerSecond;
    private final boolean enforce006PrivilegeExpiry;
    private final long tokenMaxLifetimeSeconds;
    private final int adminAuthFailuresPerMinute;
    private final long offlineMaxBytesPerApp;
    private final Path redisTlsTrust;
    private final int offlineMaxQueuedAppends;
    private final int ioThreads;
    private final Map<Operation, Integer> rateLimits;
    private final Duration peerAckTimeout;
    private final int offlineMaxPerUser;
    private final Duration offlineTtl;
    private final int maxUnackedPerSession;
    private final Duration channelAttributeTtl;
    private final Duration invitationOfflineRetry;
    private final Duration invitationNoResponse;
    private final Duration invitationExpire;
    private final String adminSecret;
    private final boolean tokenMinting;
    private final String logLevel;
    private final int slowConsumerBytes;
    private final int maxConnections;
    private final int maxConnectionsPerAddress;
    private final int maxChannelsPerApp;
    private final int maxLiveInvitationsPerUser;
    private final RestConfig rest;
    private final boolean consoleMessageBodies;
    private final Path tlsCertFile;
    private final Path tlsKeyFile;
    private final String redis;
    private final List<String> redisCluster;
    private final String nodeId;
    private final List<String> webSocketAllowedOrigins;
    private final String httpHost;
    private final boolean httpHostGiven;
    private final int httpMaxConnections;
    private final long httpIdleTimeoutMillis;
    private final long httpBodyTimeoutMillis;

    private ServerConfig(Builder b) {
        this.hostGiven = b.host != null;
        // dev mode lets anyone log in as anyone: unless told otherwise it listens on loopback only
        this.host = b.host != null ? b.host : b.apps.isEmpty() ? "127.0.0.1" : "0.0.0.0";
        this.port = b.port;
        this.httpPort = b.httpPort;
        this.httpHostGiven = b.httpHost != null;
        // the HTTP port (metrics, admin API, WebSocket) is exposed only when told so, or when it is
        // protected anyway (TLS, an admin secret)
        boolean httpProtected = b.tlsCertFile != null || b.adminSecret != null
                || b.apps.values().stream().anyMatch(a -> a.adminSecret() != null) || b.rest.hasCustomers();
        this.httpHost = b.httpHost != null ? b.httpHost : httpProtected ? this.host : "127.0.0.1";
        this.httpMaxConnections = b.httpMaxConnections;
        this.httpIdleTimeoutMillis = b.httpIdleTimeoutMillis;
        this.httpBodyTimeoutMillis = b.httpBodyTimeoutMillis;
        this.dataDir = b.dataDir;
        this.apps = Map.copyOf(b.apps);
        this.unreachableAfter = b.unreachableAfter;
        this.sessionTimeout = b.sessionTimeout;
        this.loginHandshakeTimeout = b.loginHandshakeTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.loginsPerSecond = b.loginsPerSecond;
        this.enforce006PrivilegeExpiry = b.enforce006PrivilegeExpiry;
        this.tokenMaxLifetimeSeconds = b.tokenMaxLifetimeSeconds;
        this.adminAuthFailuresPerMinute = b.adminAuthFailuresPerMinute;
        this.offlineMaxBytesPerApp = b.offlineMaxBytesPerApp;
        this.redisTlsTrust = b.redisTlsTrust;
        this.offlineMaxQueuedAppends = b.offlineMaxQueuedAppends;
        this.ioThreads = b.ioThreads;
        this.rateLimits = Map.copyOf(b.rateLimits);
        this.peerAckTimeout = b.peerAckTimeout;
        this.offlineMaxPerUser = b.offlineMaxPerUser;
        this.offlineTtl = b.offlineTtl;
        this.maxUnackedPerSession = b.maxUnackedPerSession;
        this.channelAttributeTtl = b.channelAttributeTtl;
        this.invitationOfflineRetry = b.invitationOfflineRetry;
        this.invitationNoResponse = b.invitationNoResponse;
        this.invitationExpire = b.invitationExpire;
        this.adminSecret = b.adminSecret;
        this.tokenMinting = b.tokenMinting;
        this.logLevel = b.logLevel;
        this.slowConsumerBytes = b.slowConsumerBytes;
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
        this.maxChannelsPerApp = b.maxChannelsPerApp;
        this.maxLiveInvitationsPerUser = b.maxLiveInvitationsPerUser;
        this.rest = b.rest;
        this.consoleMessageBodies = b.consoleMessageBodies;
        this.tlsCertFile = b.tlsCertFile;
        this.tlsKeyFile = b.tlsKeyFile;
        this.redis = b.redis;
        this.redisCluster = b.redisCluster;
        this.nodeId = b.nodeId;
        this.webSocketAllowedOrigins = b.webSocketAllowedOrigins == null ? null : List.copyOf(b.webSocketAllowedOrigins);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = hostGiven ? host : null;
        b.port = port;
        b.httpPort = httpPort;
        b.httpHost = httpHostGiven ? httpHost : null;
        b.httpMaxConnections = httpMaxConnections;
        b.httpIdleTimeoutMillis = httpIdleTimeoutMillis;
        b.httpBodyTimeoutMillis = httpBodyTimeoutMillis;
        b.dataDir = dataDir;
        b.apps.putAll(apps);
        b.unreachableAfter = unreachableAfter;
        b.sessionTimeout = sessionTimeout;
        b.loginHandshakeTimeout = loginHandshakeTimeout;
        b.heartbeatInterval = heartbeatInterval;
        b.loginsPerSecond = loginsPerSecond;
        b.enforce006PrivilegeExpiry = enforce006PrivilegeExpiry;
        b.tokenMaxLifetimeSeconds = tokenMaxLifetimeSeconds;
        b.adminAuthFailuresPerMinute = adminAuthFailuresPerMinute;
        b.offlineMaxBytesPerApp = offlineMaxBytesPerApp;
        b.redisTlsTrust = redisTlsTrust;
        b.offlineMaxQueuedAppends = offlineMaxQueuedAppends;
        b.ioThreads = ioThreads;
        b.rateLimits.putAll(rateLimits);
        b.peerAckTimeout = peerAckTimeout;
        b.offlineMaxPerUser = offlineMaxPerUser;
        b.offlineTtl = offlineTtl;
        b.maxUnackedPerSession = maxUnackedPerSession;
        b.channelAttributeTtl = channelAttributeTtl;
        b.invitationOfflineRetry = invitationOfflineRetry;
        b.invitationNoResponse = invitationNoResponse;
        b.invitationExpire = invitationExpire;
        b.adminSecret = adminSecret;
        b.tokenMinting = tokenMinting;
        b.logLevel = logLevel;
        b.slowConsumerBytes = slowConsumerBytes;
        b.maxConnections = maxConnections;
        b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        b.maxChannelsPerApp = maxChannelsPerApp;
        b.maxLiveInvitationsPerUser = maxLiveInvitationsPerUser;
        b.rest = rest;
        b.consoleMessageBodies = consoleMessageBodies;
        b.tlsCertFile = tlsCertFile;
        b.tlsKeyFile = tlsKeyFile;
        b.redis = redis;
        b.redisCluster = redisCluster;
        b.nodeId = nodeId;
        b.webSocketAllowedOrigins = webSocketAllowedOrigins;
        return b;
    }

    /** The bind address: as given, else 127.0.0.1 in dev mode and 0.0.0.0 with apps configured. */
    public String host() {
        return host;
    }

    /**
     * Dev mode (anyone logs in as anyone) on an address other hosts may reach: only when the host was
     * given explicitly. The server says so loudly at start.
     */
    public boolean devModeExposed() {
        return devMode() && !isLoopback(host);
    }

    private static boolean isLoopback(String h) {
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    public int port() {
        return port;
    }

    public int httpPort() {
        return httpPort;
    }

    /**
     * The HTTP port's bind address: as given ({@code --http-host}), else {@link #host()} when TLS or
     * an admin secret is configured, else 127.0.0.1 — metrics, health and the WebSocket endpoint
     * are not exposed by default on a plain, unauthenticated port.
     */
    public String httpHost() {
        return httpHost;
    }

    /** Whether the HTTP port was kept on loopback by default (the server says so at start). */
    public boolean httpHostDefaultedToLoopback() {
        return !httpHostGiven && httpHost.equals("127.0.0.1") && !isLoopback(host);
    }

    /** Open HTTP-port connections at most (WebSocket clients count as client connections instead). */
    public int httpMaxConnections() {
        return httpMaxConnections;
    }

    /** An HTTP connection waiting for a request (head) longer than this is closed. */
    public long httpIdleTimeoutMillis() {
        return httpIdleTimeoutMillis;
    }

    /** A request's body must arrive within this of its head. */
    public long httpBodyTimeoutMillis() {
        return httpBodyTimeoutMillis;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Map<String, AppConfig> apps() {
        return apps;
    }

    /**
     * Origins a browser may open the WebSocket endpoint from ({@code *} = any); null = the default
     * policy: any origin in dev mode, else only pages served from the same host and port as the
     * endpoint. Requests without an Origin header (non-browser clients) are not restricted.
     */
    public List<String> webSocketAllowedOrigins() {
        return webSocketAllowedOrigins;
    }

    /** Dev mode: no app configured, every app id accepted without a token. */
    public boolean devMode() {
        return apps.isEmpty();
    }

    public Duration unreachableAfter() {
        return unreachableAfter;
    }

    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    public Duration loginHandshakeTimeout() {
        return loginHandshakeTimeout;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public int loginsPerSecond() {
        return loginsPerSecond;
    }

    public boolean enforce006PrivilegeExpiry() {
        return enforce006PrivilegeExpiry;
    }

    /** Offline-store appends that may wait for its writer; past it senders get TOO_OFTEN. */
    public int offlineMaxQueuedAppends() {
        return offlineMaxQueuedAppends;
    }

    /** PEM certificates trusted for a {@code rediss://} Redis (null: the JVM's trust store). */
    public Path redisTlsTrust() {
        return redisTlsTrust;
    }

    /** Bytes of offline messages one app may hold in the store (single node). */
    public long offlineMaxBytesPerApp() {
        return offlineMaxBytesPerApp;
    }

    /** Failed admin authentications per address per minute before it is answered 429 (0 = no throttle). */
    public int adminAuthFailuresPerMinute() {
        return adminAuthFailuresPerMinute;
    }

    /** The longest a login token may be valid (007: from its issue time; 006: from now); minted ones too. */
    public long tokenMaxLifetimeSeconds() {
        return tokenMaxLifetimeSeconds;
    }

    public int ioThreads() {
        return ioThreads;
    }

    /** Permits per operation window where configured; operations not listed use RTM's defaults. */
    public Map<Operation, Integer> rateLimits() {
        return rateLimits;
    }

    public Duration peerAckTimeout() {
        return peerAckTimeout;
    }

    public int offlineMaxPerUser() {
        return offlineMaxPerUser;
    }

    public Duration offlineTtl() {
        return offlineTtl;
    }

    public int maxUnackedPerSession() {
        return maxUnackedPerSession;
    }

    /** Invitation timers (RTM: callee offline retried 30 s; no receipt 30 s; no answer 60 s after sending). */
    public Duration invitationOfflineRetry() {
        return invitationOfflineRetry;
    }

    public Duration invitationNoResponse() {
        return invitationNoResponse;
    }

    public Duration invitationExpire() {
        return invitationExpire;
    }

    /** How long an empty channel keeps its attributes (RTM: a couple of minutes). */
    public Duration channelAttributeTtl() {
        return channelAttributeTtl;
    }

    /** Bearer secret of the admin REST API for every app; null when only per-app secrets (or none) are set. */
    public String adminSecret() {
        return adminSecret;
    }

    /** Whether {@code POST /api/v1/apps/{app}/tokens} mints tokens (dev setups only). */
    public boolean tokenMinting() {
        return tokenMinting;
    }

    /** Root log level (TRACE..ERROR), or null for the packaged default (INFO). */
    public String logLevel() {
        return logLevel;
    }

    /** Outbound bytes queued for one client beyond which it is disconnected as a slow consumer. */
    public int slowConsumerBytes() {
        return slowConsumerBytes;
    }

    /** Client connections this node accepts at once (0 = no cap). */
    public int maxConnections() {
        return maxConnections;
    }

    /** Client connections from one remote address at once (0 = no cap). */
    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /** Invitations one user may have sent and not yet finished (0 = no cap). */
    public int maxLiveInvitationsPerUser() {
        return maxLiveInvitationsPerUser;
    }

    /** Whether the console's live feed shows message texts (off by default). */
    public boolean consoleMessageBodies() {
        return consoleMessageBodies;
    }

    /** Agora's RTM REST API: credentials, rates, event buffers, message history. */
    public RestConfig rest() {
        return rest;
    }

    /** Channels with members one app may have on this node (0 = no cap). */
    public int maxChannelsPerApp() {
        return maxChannelsPerApp;
    }

    /** PEM certificate chain for TLS on the client and HTTP ports; null = plain TCP/HTTP. */
    public Path tlsCertFile() {
        return tlsCertFile;
    }

    /** PEM PKCS#8 private key matching {@link #tlsCertFile()}. */
    public Path tlsKeyFile() {
        return tlsKeyFile;
    }

    /** {@code redis://host:port}: cluster mode on that Redis; null = single node (or a Redis Cluster). */
    public String redis() {
        return redis;
    }

    /**
     * Seed nodes of a Redis Cluster ({@code redis://host:port} each, credentials and {@code rediss://}
     * as for {@link #redis()}): cluster mode on that Redis Cluster; empty = not on a Redis Cluster.
     */
    public List<String> redisCluster() {
        return redisCluster;
    }

    /** Whether this node is part of a Parley cluster (on a Redis or on a Redis Cluster). */
    public boolean clustered() {
        return redis != null || !redisCluster.isEmpty();
    }

    /** Where the cluster's shared state lives, for banners and logs (passwords redacted). */
    public String redisDescription() {
        if (redis != null) {
            return RedisUris.redacted(redis);
        }
        return "Redis Cluster " + String.join(",", redisCluster.stream().map(RedisUris::redacted).toList());
    }

    /** This node's id in a cluster (unique per running node). */
    public String nodeId() {
        return nodeId;
    }

    public boolean tls() {
        return tlsCertFile != null;
    }

    /** Mutable builder; {@link #build()} validates and names the first bad setting. */
    public static final class Builder {
        // package-private for ServerConfigRules, which checks them; everything else uses the setters
        /** null: chosen by the mode (see {@link ServerConfig#host()}). */
        String host;
        int port = 9600;
        int httpPort = 9601;
        Path dataDir = Path.of("data");
        final Map<String, AppConfig> apps = new LinkedHashMap<>();
        Duration unreachableAfter = Duration.ofSeconds(6);
        Duration sessionTimeout = Duration.ofSeconds(30);
        Duration loginHandshakeTimeout = Duration.ofSeconds(10);
        Duration heartbeatInterval = Duration.ofSeconds(2);
        int loginsPerSecond = 2;
        boolean enforce006PrivilegeExpiry = true;
        int ioThreads = 0;
        final Map<Operation, Integer> rateLimits = new EnumMap<>(Operation.class);
        Duration peerAckTimeout = Duration.ofSeconds(10);
        int offlineMaxPerUser = 200;
        Duration offlineTtl = Duration.ofDays(7);
        int maxUnackedPerSession = 1000;
        Duration channelAttributeTtl = Duration.ofMinutes(2);
        Duration invitationOfflineRetry = Duration.ofSeconds(30);
        Duration invitationNoResponse = Duration.ofSeconds(30);
        Duration invitationExpire = Duration.ofSeconds(60);
        String adminSecret;
        boolean tokenMinting;
        String logLevel;
        int slowConsumerBytes = 4 * 1024 * 1024;
        int maxConnections = 100_000;
        String httpHost;
        int httpMaxConnections = 1_024;
        long httpIdleTimeoutMillis = 60_000;
        long httpBodyTimeoutMillis = 10_000;
        int maxConnectionsPerAddress = 0;
        int maxChannelsPerApp = 100_000;
        int maxLiveInvitationsPerUser = 32;
        RestConfig rest = RestConfig.DEFAULTS;
        boolean consoleMessageBodies;
        long tokenMaxLifetimeSeconds = 86_400;
        int adminAuthFailuresPerMinute = 10;
        long offlineMaxBytesPerApp = 1L << 30;
        Path redisTlsTrust;
        int offlineMaxQueuedAppends = 10_000;
        Path tlsCertFile;
        Path tlsKeyFile;
        String redis;
        List<String> redisCluster = List.of();
        String nodeId = HexFormat.of().formatHex(
                ByteBuffer.allocate(6).putShort((short) 0).putInt(new SecureRandom().nextInt()).array(), 2, 6);

        List<String> webSocketAllowedOrigins;

        /** See {@link ServerConfig#webSocketAllowedOrigins()}; null restores the default policy. */
        public Builder webSocketAllowedOrigins(List<String> origins) {
            webSocketAllowedOrigins = origins;
            return this;
        }

        /** Cluster mode on {@code redis://host:port} (null = single node). */
        public Builder redis(String uri) {
            redis = uri == null || uri.isBlank() ? null : uri.trim();
            return this;
        }

        /**
         * Cluster mode on a Redis Cluster: comma-separated seed nodes, each {@code HOST:PORT} or a
         * {@code redis://} / {@code rediss://} URI (null or blank: none).
         */
        public Builder redisCluster(String seeds) {
            List<String> out = new ArrayList<>();
            if (seeds != null) {
                for (String seed : seeds.split(",")) {
                    String s = seed.trim();
                    if (!s.isEmpty()) {
                        out.add(s.contains("://") ? s : "redis://" + s);
                    }
                }
            }
            redisCluster = List.copyOf(out);
            return this;
        }

        public Builder nodeId(String v) {
            nodeId = v;
            return this;
        }

        /** TLS on both ports with a PEM certificate chain and PEM PKCS#8 key (null, null = off). */
        public Builder tls(Path certFile, Path keyFile) {
            tlsCertFile = certFile;
            tlsKeyFile = keyFile;
            return this;
        }

        public Builder httpHost(String v) {
            httpHost = v;
            return this;
        }

        public Builder httpMaxConnections(int v) {
            httpMaxConnections = v;
            return this;
        }

        public Builder httpIdleTimeout(Duration v) {
            httpIdleTimeoutMillis = v.toMillis();
            return this;
        }

        public Builder httpBodyTimeout(Duration v) {
            httpBodyTimeoutMillis = v.toMillis();
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder maxConnectionsPerAddress(int v) {
            maxConnectionsPerAddress = v;
            return this;
        }

        public Builder offlineMaxQueuedAppends(int v) {
            offlineMaxQueuedAppends = v;
            return this;
        }

        public Builder redisTlsTrust(Path v) {
            redisTlsTrust = v;
            return this;
        }

        public Builder offlineMaxBytesPerApp(long v) {
            offlineMaxBytesPerApp = v;
            return this;
        }

        public Builder adminAuthFailuresPerMinute(int v) {
            adminAuthFailuresPerMinute = v;
            return this;
        }

        public Builder tokenMaxLifetimeSeconds(long v) {
            tokenMaxLifetimeSeconds = v;
            return this;
        }

        public Builder consoleMessageBodies(boolean v) {
            consoleMessageBodies = v;
            return this;
        }

        public Builder rest(RestConfig v) {
            rest = v;
            return this;
        }

        public RestConfig rest() {
            return rest;
        }

        public Builder maxLiveInvitationsPerUser(int v) {
            maxLiveInvitationsPerUser = v;
            return this;
        }

        public Builder maxChannelsPerApp(int v) {
            maxChannelsPerApp = v;
            return this;
        }

        public Builder slowConsumerBytes(int v) {
            slowConsumerBytes = v;
            return this;
        }

        public Builder adminSecret(String v) {
            adminSecret = v == null || v.isEmpty() ? null : v;
            return this;
        }

        public Builder tokenMinting(boolean v) {
            tokenMinting = v;
            return this;
        }

        public Builder logLevel(String v) {
            logLevel = v == null || v.isBlank() ? null : v.trim().toUpperCase(Locale.ROOT);
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder httpPort(int v) {
            httpPort = v;
            return this;
        }

        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        /** Adds or replaces the app with the same id. */
        public Builder app(AppConfig app) {
            apps.put(app.appId(), app);
            return this;
        }

        public Builder app(String appId, String... certificates) {
            return app(new AppConfig(appId, List.of(certificates), 0));
        }

        public Builder clearApps() {
            apps.clear();
            return this;
        }

        public Builder unreachableAfter(Duration v) {
            unreachableAfter = v;
            return this;
        }

        public Builder sessionTimeout(Duration v) {
            sessionTimeout = v;
            return this;
        }

        public Builder loginHandshakeTimeout(Duration v) {
            loginHandshakeTimeout = v;
            return this;
        }

        public Builder heartbeatInterval(Duration v) {
            heartbeatInterval = v;
            return this;
        }

        public Builder loginsPerSecond(int v) {
            loginsPerSecond = v;
            return this;
        }

        public Builder enforce006PrivilegeExpiry(boolean v) {
            enforce006PrivilegeExpiry = v;
            return this;
        }

        public Builder ioThreads(int v) {
            ioThreads = v;
            return this;
        }

        /** Shorthand for {@code rateLimit(Operation.MESSAGE, v)}: per client per 3 s; 0 = unlimited. */
        public Builder messagesPer3s(int v) {
            return rateLimit(Operation.MESSAGE, v);
        }

        /** Permits per window for {@code op} (see {@link Operation}); 0 switches the limit off. */
        public Builder rateLimit(Operation op, int permits) {
            rateLimits.put(op, permits);
            return this;
        }

        public Builder peerAckTimeout(Duration v) {
            peerAckTimeout = v;
            return this;
        }

        public Builder offlineMaxPerUser(int v) {
            offlineMaxPerUser = v;
            return this;
        }

        public Builder offlineTtl(Duration v) {
            offlineTtl = v;
            return this;
        }

        public Builder invitationTimers(Duration offlineRetry, Duration noResponse, Duration expire) {
            invitationOfflineRetry = offlineRetry;
            invitationNoResponse = noResponse;
            invitationExpire = expire;
            return this;
        }

        public Builder channelAttributeTtl(Duration v) {
            channelAttributeTtl = v;
            return this;
        }

        public Builder maxUnackedPerSession(int v) {
            maxUnackedPerSession = v;
            return this;
        }

        public ServerConfig build() {
            ServerConfigRules.check(this);
            if (heartbeatInterval.multipliedBy(2).compareTo(unreachableAfter) > 0) {
                // clients must ping well inside the unreachable window, or idle users flap to UNREACHABLE
                // and short session timeouts end sessions that are alive; the interval is sent at login
                heartbeatInterval = unreachableAfter.dividedBy(3);
            }
            return new ServerConfig(this);
        }
    }
}
