package io.parley.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.parley.server.ratelimit.Operation;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Builds a {@link ServerConfig} with the precedence defaults &lt; YAML file &lt; {@code PARLEY_*}
 * environment &lt; command-line flags.
 *
 * <p>YAML keys: {@code host, port, http-port, http-host, http: {max-connections, idle-timeout-ms,
 * body-timeout-ms}, data-dir, apps: [{id, certificates: [..], max-users}],
 * session: {unreachable-after-ms, timeout-ms, login-handshake-timeout-ms, heartbeat-interval-ms},
 * limits: {logins-per-second, messages-per-3s, and per operation (see ratelimit.Operation, 0 = off):
 * presence-query, presence-subscribe, presence-option-query, user-attribute-write,
 * user-attribute-read}, messages: {ack-timeout-ms,
 * offline-max-per-user, offline-ttl-seconds, max-unacked-per-session},
 * tokens: {enforce-006-privilege-expiry, max-lifetime-seconds}, io-threads, log-level, admin: {secret, token-minting},
 * rest: (see {@link RestConfig})}; apps entries may carry an {@code admin-secret} valid for that app only, and
 * {@code rest-customer-id}/{@code rest-customer-secret} for Agora's REST API on that app only.
 * Environment: PARLEY_HOST, PARLEY_PORT, PARLEY_HTTP_PORT, PARLEY_HTTP_HOST, PARLEY_APP_ID,
 * PARLEY_APP_CERTIFICATE (comma-separated: primary,secondary), PARLEY_DATA_DIR, PARLEY_CONFIG,
 * PARLEY_ADMIN_SECRET, PARLEY_ADMIN_TOKEN_MINTING, PARLEY_LOG_LEVEL.
 * Flags: --host, --port, --http-port, --http-host, --app-id, --app-certificate (repeatable), --data-dir,
 * --config, --admin-secret, --admin-token-minting, --log-level, --tls-cert, --tls-key (env PARLEY_TLS_CERT,
 * PARLEY_TLS_KEY; YAML tls: {cert-file, key-file}), --websocket-allowed-origin (repeatable; env
 * PARLEY_WEBSOCKET_ALLOWED_ORIGINS comma-separated; YAML websocket: {allowed-origins: [..]}). Every failure is a {@link ConfigException} naming the setting.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static ServerConfig load(List<String> args, Map<String, String> env) {
        Flags flags = Flags.parse(args);
        ServerConfig.Builder b = ServerConfig.builder();

        String configFile = flags.last("config", env.get("PARLEY_CONFIG"));
        if (configFile != null && !configFile.isBlank()) {
            applyYaml(b, Path.of(configFile));
        }
        applyLayer(b, "PARLEY_", env.get("PARLEY_HOST"), env.get("PARLEY_PORT"), env.get("PARLEY_HTTP_PORT"),
                env.get("PARLEY_DATA_DIR"), env.get("PARLEY_APP_ID"), splitCsv(env.get("PARLEY_APP_CERTIFICATE")));
        applyAdmin(b, env.get("PARLEY_ADMIN_SECRET"), env.get("PARLEY_ADMIN_TOKEN_MINTING"), env.get("PARLEY_LOG_LEVEL"),
                "PARLEY_ADMIN_TOKEN_MINTING");
        if (env.get("PARLEY_REST_CUSTOMER_ID") != null || env.get("PARLEY_REST_CUSTOMER_SECRET") != null) {
            b.rest(b.rest().withCustomer(new RestConfig.Credentials(env.get("PARLEY_REST_CUSTOMER_ID"),
                    env.get("PARLEY_REST_CUSTOMER_SECRET"))));
        }
        if (env.get("PARLEY_CONSOLE_MESSAGE_BODIES") != null) {
            b.consoleMessageBodies(bool("PARLEY_CONSOLE_MESSAGE_BODIES", env.get("PARLEY_CONSOLE_MESSAGE_BODIES")));
        }
        if (env.get("PARLEY_REDIS") != null) {
            b.redis(env.get("PARLEY_REDIS"));
        }
        if (env.get("PARLEY_NODE_ID") != null) {
            b.nodeId(env.get("PARLEY_NODE_ID"));
        }
        if (env.get("PARLEY_REDIS_CLUSTER") != null) {
            b.redisCluster(env.get("PARLEY_REDIS_CLUSTER"));
        }
        if (flags.last("redis", null) != null) {
            b.redis(flags.last("redis", null));
        }
        if (flags.last("redis-cluster", null) != null) {
            b.redisCluster(flags.last("redis-cluster", null));
        }
        if (env.get("PARLEY_REDIS_TLS_TRUST") != null) {
            b.redisTlsTrust(Path.of(env.get("PARLEY_REDIS_TLS_TRUST")));
        }
        if (flags.last("redis-tls-trust", null) != null) {
            b.redisTlsTrust(Path.of(flags.last("redis-tls-trust", null)));
        }
        if (flags.last("node-id", null) != null) {
            b.nodeId(flags.last("node-id", null));
        }
        if (env.get("PARLEY_WEBSOCKET_ALLOWED_ORIGINS") != null) {
            b.webSocketAllowedOrigins(origins("PARLEY_WEBSOCKET_ALLOWED_ORIGINS",
                    splitCsv(env.get("PARLEY_WEBSOCKET_ALLOWED_ORIGINS"))));
        }
        if (!flags.all("websocket-allowed-origin").isEmpty()) {
            b.webSocketAllowedOrigins(origins("--websocket-allowed-origin", flags.all("websocket-allowed-origin")));
        }
        if (env.get("PARLEY_HTTP_HOST") != null) {
            b.httpHost(env.get("PARLEY_HTTP_HOST"));
        }
        if (flags.last("http-host", null) != null) {
            b.httpHost(flags.last("http-host", null));
        }
        applyTls(b, env.get("PARLEY_TLS_CERT"), env.get("PARLEY_TLS_KEY"));
        applyTls(b, flags.last("tls-cert", null), flags.last("tls-key", null));
        applyAdmin(b, flags.last("admin-secret", null), flags.last("admin-token-minting", null),
                flags.last("log-level", null), "--admin-token-minting");
        applyLayer(b, "--", flags.last("host", null), flags.last("port", null), flags.last("http-port", null),
                flags.last("data-dir", null), flags.last("app-id", null), flags.all("app-certificate"));
        return b.build();
    }

    private static void applyLayer(ServerConfig.Builder b, String prefix, String host, String port, String httpPort,
                                   String dataDir, String appId, List<String> certificates) {
        boolean env = prefix.startsWith("PARLEY");
        if (host != null) {
            b.host(host);
        }
        if (port != null) {
            b.port(parseInt(env ? "PARLEY_PORT" : "--port", port));
        }
        if (httpPort != null) {
            b.httpPort(parseInt(env ? "PARLEY_HTTP_PORT" : "--http-port", httpPort));
        }
        if (dataDir != null) {
            b.dataDir(Path.of(dataDir));
        }
        if (appId != null) {
            b.app(new AppConfig(appId, certificates, 0));
        } else if (!certificates.isEmpty()) {
            throw new ConfigException((env ? "PARLEY_APP_CERTIFICATE" : "--app-certificate")
                    + ": given without an app id (" + (env ? "PARLEY_APP_ID" : "--app-id") + ")");
        }
    }

    private static void applyAdmin(ServerConfig.Builder b, String secret, String minting, String logLevel,
                                   String mintingName) {
        if (secret != null) {
            b.adminSecret(secret);
        }
        if (minting != null) {
            b.tokenMinting(bool(mintingName, minting));
        }
        if (logLevel != null) {
            b.logLevel(logLevel);
        }
    }

    private static void applyTls(ServerConfig.Builder b, String cert, String key) {
        if (cert != null || key != null) {
            b.tls(cert == null ? null : Path.of(cert), key == null ? null : Path.of(key));
        }
    }

    private static boolean bool(String key, Object v) {
        if (v instanceof Boolean bool) {
            return bool;
        }
        String s = str(key, v).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(key + ": '" + v + "' must be true or false");
        };
    }

    @SuppressWarnings("unchecked")
    private static void applyYaml(ServerConfig.Builder b, Path file) {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException e) {
            throw new ConfigException("config: cannot read " + file + " (" + e.getMessage() + ")");
        } catch (YAMLException e) {
            throw new ConfigException("config: " + file + " is not valid YAML (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof Map)) {
            throw new ConfigException("config: " + file + " must be a YAML mapping");
        }
        Map<String, Object> m = (Map<String, Object>) root;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            switch (key) {
                case "host" -> b.host(str(key, v));
                case "port" -> b.port(integer(key, v));
                case "http-port" -> b.httpPort(integer(key, v));
                case "http-host" -> b.httpHost(str(key, v));
                case "http" -> map(key, v).forEach((k, val) -> {
                    switch (k) {
                        case "max-connections" -> b.httpMaxConnections(integer("http." + k, val));
                        case "idle-timeout-ms" -> b.httpIdleTimeout(millis("http." + k, val));
                        case "body-timeout-ms" -> b.httpBodyTimeout(millis("http." + k, val));
                        default -> throw new ConfigException("http." + k + ": unknown setting");
                    }
                });
                case "data-dir" -> b.dataDir(Path.of(str(key, v)));
                case "io-threads" -> b.ioThreads(integer(key, v));
                case "log-level" -> b.logLevel(str(key, v));
                case "redis" -> b.redis(str(key, v));
                case "redis-cluster" -> b.redisCluster(v instanceof List<?> seeds
                        ? String.join(",", seeds.stream().map(x -> str(key, x)).toList()) : str(key, v));
                case "redis-tls-trust" -> b.redisTlsTrust(Path.of(str(key, v)));
                case "node-id" -> b.nodeId(str(key, v));
                case "tls" -> {
                    Map<String, Object> tls = map(key, v);
                    for (String k : tls.keySet()) {
                        if (!k.equals("cert-file") && !k.equals("key-file")) {
                            throw new ConfigException("tls." + k + ": unknown setting");
                        }
                    }
                    b.tls(tls.containsKey("cert-file") ? Path.of(str("tls.cert-file", tls.get("cert-file"))) : null,
                            tls.containsKey("key-file") ? Path.of(str("tls.key-file", tls.get("key-file"))) : null);
                }
                case "websocket" -> map(key, v).forEach((k, val) -> {
                    if (!k.equals("allowed-origins")) {
                        throw new ConfigException("websocket." + k + ": unknown setting");
                    }
                    if (!(val instanceof List<?> list)) {
                        throw new ConfigException("websocket.allowed-origins: must be a list");
                    }
                    List<String> all = new ArrayList<>();
                    list.forEach(o -> all.add(str("websocket.allowed-origins", o)));
                    b.webSocketAllowedOrigins(origins("websocket.allowed-origins", all));
                });
                case "admin" -> map(key, v).forEach((k, val) -> {
                    switch (k) {
                        case "secret" -> b.adminSecret(str("admin." + k, val));
                        case "token-minting" -> b.tokenMinting(bool("admin." + k, val));
                        case "auth-failures-per-minute" -> b.adminAuthFailuresPerMinute(integer("admin." + k, val));
                        default -> throw new ConfigException("admin." + k + ": unknown setting");
                    }
                });
                case "apps" -> {
                    if (!(v instanceof List<?> list)) {
                        throw new ConfigException("apps: must be a list");
                    }
                    for (Object o : list) {
                        AppConfig app = app(o);
                        b.app(app);
                        RestConfig.Credentials c = appCustomer((Map<String, Object>) o);
                        if (c != null) {
                            b.rest(b.rest().withAppCustomer(app.appId(), c));
                        }
                    }
                }
                case "rest" -> b.rest(rest(b.rest(), map(key, v)));
                case "console" -> map(key, v).forEach((k, val) -> {
                    if (!k.equals("message-bodies")) {
                        throw new ConfigException("console." + k + ": unknown setting");
                    }
                    b.consoleMessageBodies(bool("console." + k, val));
                });
                case "session" -> map(key, v).forEach((k, val) -> {
                    switch (k) {
                        case "unreachable-after-ms" -> b.unreachableAfter(millis("session." + k, val));
                        case "timeout-ms" -> b.sessionTimeout(millis("session." + k, val));
                        case "login-handshake-timeout-ms" -> b.loginHandshakeTimeout(millis("session." + k, val));
                        case "heartbeat-interval-ms" -> b.heartbeatInterval(millis("session." + k, val));
                        default -> throw new ConfigException("session." + k + ": unknown setting");
                    }
                });
                case "limits" -> map(key, v).forEach((k, val) -> {
                    switch (k) {
                        case "logins-per-second" -> b.loginsPerSecond(integer("limits." + k, val));
                        case "messages-per-3s" -> b.messagesPer3s(integer("limits." + k, val));
                        case "slow-consumer-bytes" -> b.slowConsumerBytes(integer("limits." + k, val));
                        case "max-connections" -> b.maxConnections(integer("limits." + k, val));
                        case "max-connections-per-address" -> b.maxConnectionsPerAddress(integer("limits." + k, val));
                        case "max-channels-per-app" -> b.maxChannelsPerApp(integer("limits." + k, val));
                        case "max-live-invitations-per-user" -> b.maxLiveInvitationsPerUser(integer("limits." + k, val));
                        default -> b.rateLimit(operation(k), integer("limits." + k, val));
                    }
                });
                case "messages" -> map(key, v).forEach((k, val) -> {
                    switch (k) {
                        case "ack-timeout-ms" -> b.peerAckTimeout(millis("messages." + k, val));
                        case "offline-max-per-user" -> b.offlineMaxPerUser(integer("messages." + k, val));
                        case "offline-ttl-seconds" -> b.offlineTtl(Duration.ofSeconds(integer("messages." + k, val)));
                        case "max-unacked-per-session" -> b.maxUnackedPerSession(integer("messages." + k, val));
                        case "offline-max-bytes-per-app" -> b.offlineMaxBytesPerApp(longValue("messages." + k, val));
                        case "offline-max-queued-appends" -> b.offlineMaxQueuedAppends(integer("messages." + k, val));
                        default -> throw new ConfigException("messages." + k + ": unknown setting");
                    }
                });
                case "channels" -> map(key, v).forEach((k, val) -> {
                    if (k.equals("empty-attribute-ttl-ms")) {
                        b.channelAttributeTtl(millis("channels." + k, val));
                    } else {
                        throw new ConfigException("channels." + k + ": unknown setting");
                    }
                });
                case "tokens" -> map(key, v).forEach((k, val) -> {
                    if (k.equals("enforce-006-privilege-expiry")) {
                        if (!(val instanceof Boolean bool)) {
                            throw new ConfigException("tokens." + k + ": must be true or false");
                        }
                        b.enforce006PrivilegeExpiry(bool);
                    } else if (k.equals("max-lifetime-seconds")) {
                        b.tokenMaxLifetimeSeconds(integer("tokens." + k, val));
                    } else {
                        throw new ConfigException("tokens." + k + ": unknown setting");
                    }
                });
                default -> throw new ConfigException(key + ": unknown setting in " + file);
            }
        }
    }

    /** {@code *}, {@code null} (sandboxed pages) or {@code scheme://host[:port]} with no path. */
    private static List<String> origins(String key, List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            String o = v.trim();
            if (!o.equals("*") && !o.equals("null") && !o.matches("(?i)https?://[^/?#\\s]+")) {
                throw new ConfigException(key + ": '" + v + "' is not an origin (scheme://host[:port], * or null)");
            }
            out.add(o);
        }
        return out;
    }

    private static Operation operation(String key) {
        for (Operation op : Operation.values()) {
            if (op.configKey().equals(key)) {
                return op;
            }
        }
        throw new ConfigException("limits." + key + ": unknown setting");
    }

    @SuppressWarnings("unchecked")
    private static AppConfig app(Object o) {
        if (!(o instanceof Map)) {
            throw new ConfigException("apps: each entry must be a mapping with an id");
        }
        Map<String, Object> m = (Map<String, Object>) o;
        String id = null;
        List<String> certs = new ArrayList<>();
        int maxUsers = 0;
        String adminSecret = null;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            switch (e.getKey()) {
                case "id" -> id = str("apps.id", e.getValue());
                case "certificate" -> certs.add(str("apps.certificate", e.getValue()));
                case "certificates" -> {
                    if (!(e.getValue() instanceof List<?> list)) {
                        throw new ConfigException("apps.certificates: must be a list");
                    }
                    list.forEach(c -> certs.add(str("apps.certificates", c)));
                }
                case "max-users" -> maxUsers = integer("apps.max-users", e.getValue());
                case "admin-secret" -> adminSecret = str("apps.admin-secret", e.getValue());
                case "rest-customer-id", "rest-customer-secret" -> {
                    // read by appCustomer
                }
                default -> throw new ConfigException("apps." + e.getKey() + ": unknown setting");
            }
        }
        if (id == null) {
            throw new ConfigException("apps.id: every app needs an id");
        }
        return new AppConfig(id, certs, maxUsers, adminSecret);
    }

    /** An app entry's {@code rest-customer-id} and {@code rest-customer-secret}, or null. */
    private static RestConfig.Credentials appCustomer(Map<String, Object> m) {
        Object id = m.get("rest-customer-id");
        Object secret = m.get("rest-customer-secret");
        if (id == null && secret == null) {
            return null;
        }
        return new RestConfig.Credentials(id == null ? null : str("apps.rest-customer-id", id),
                secret == null ? null : str("apps.rest-customer-secret", secret));
    }

    private static RestConfig rest(RestConfig r, Map<String, Object> m) {
        String id = null;
        String secret = null;
        int messages = r.messagesPerSecond();
        int events = r.eventsPerSecond();
        int history = r.historyPerSecond();
        int eventsPerApp = r.eventsPerApp();
        Duration retention = r.historyRetention();
        long maxHistory = r.historyMaxMessagesPerApp();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String k = "rest." + e.getKey();
            Object v = e.getValue();
            switch (e.getKey()) {
                case "customer-id" -> id = str(k, v);
                case "customer-secret" -> secret = str(k, v);
                case "messages-per-second" -> messages = integer(k, v);
                case "events-per-second" -> events = integer(k, v);
                case "history-per-second" -> history = integer(k, v);
                case "events-per-app" -> eventsPerApp = integer(k, v);
                case "history-retention-days" -> retention = Duration.ofDays(integer(k, v));
                case "history-max-messages-per-app" -> maxHistory = longValue(k, v);
                default -> throw new ConfigException(k + ": unknown setting");
            }
        }
        RestConfig out = r.withRates(messages, events, history).withEventsPerApp(eventsPerApp)
                .withHistory(retention, maxHistory);
        return id == null && secret == null ? out : out.withCustomer(new RestConfig.Credentials(id, secret));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String key, Object v) {
        if (!(v instanceof Map)) {
            throw new ConfigException(key + ": must be a mapping");
        }
        return (Map<String, Object>) v;
    }

    private static String str(String key, Object v) {
        if (v == null) {
            throw new ConfigException(key + ": must not be empty");
        }
        return String.valueOf(v);
    }

    private static int integer(String key, Object v) {
        if (v instanceof Integer i) {
            return i;
        }
        return parseInt(key, str(key, v));
    }

    private static long longValue(String key, Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        try {
            return Long.parseLong(str(key, v).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + v + "' is not a whole number");
        }
    }

    private static Duration millis(String key, Object v) {
        return Duration.ofMillis(integer(key, v));
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + v + "' is not a number");
        }
    }

    private static List<String> splitCsv(String v) {
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
