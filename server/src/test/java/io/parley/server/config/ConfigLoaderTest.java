package io.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final String APP = "970CA35de60c44645bbae8a215061b33";
    static final String CERT = "5CFd2fd1755d40ecb72977518be15d3b";
    static final String CERT2 = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void defaults_areTheRtmPortsAndDevMode() {
        ServerConfig c = ConfigLoader.load(List.of(), Map.of());
        assertThat(c.port()).isEqualTo(9600);
        assertThat(c.httpPort()).isEqualTo(9601);
        assertThat(c.devMode()).isTrue();
        assertThat(c.unreachableAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void precedence_isDefaultsThenFileThenEnvThenFlags() throws Exception {
        Path yaml = dir.resolve("p.yml");
        Files.writeString(yaml, """
                port: 1000
                http-port: 1001
                data-dir: /from/file
                apps:
                  - id: fileapp
                    max-users: 5
                session:
                  unreachable-after-ms: 1000
                  timeout-ms: 2000
                """);
        ServerConfig c = ConfigLoader.load(List.of("--config", yaml.toString(), "--port", "3000"),
                Map.of("PARLEY_PORT", "2000", "PARLEY_HTTP_PORT", "2001", "PARLEY_APP_ID", APP,
                        "PARLEY_APP_CERTIFICATE", CERT + "," + CERT2));
        assertThat(c.port()).isEqualTo(3000);
        assertThat(c.httpPort()).isEqualTo(2001);
        assertThat(c.dataDir()).isEqualTo(Path.of("/from/file"));
        assertThat(c.apps()).containsKeys("fileapp", APP);
        assertThat(c.apps().get("fileapp").maxUsers()).isEqualTo(5);
        assertThat(c.apps().get(APP).certificates()).containsExactly(CERT, CERT2);
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.devMode()).isFalse();
    }

    @Test
    void flags_repeatableCertificates_primaryThenSecondary() {
        ServerConfig c = ConfigLoader.load(List.of("--app-id", APP, "--app-certificate", CERT, "--app-certificate=" + CERT2),
                Map.of("PARLEY_CONFIG", ""));
        assertThat(c.apps().get(APP).certificates()).containsExactly(CERT, CERT2);
    }

    @Test
    void badSettings_failWithAMessageNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--port", "x"), Map.of())).hasMessageStartingWith("--port");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("PARLEY_PORT", "99999")))
                .hasMessageStartingWith("port");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--nope", "1"), Map.of())).hasMessageStartingWith("--nope");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--port"), Map.of())).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--app-certificate", CERT), Map.of()))
                .hasMessageStartingWith("--app-certificate");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--app-id", "short", "--app-certificate", CERT), Map.of()))
                .hasMessageStartingWith("app-id");
        Path yaml = dir.resolve("bad.yml");
        Files.writeString(yaml, "colour: blue\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", yaml.toString()), Map.of()))
                .hasMessageStartingWith("colour");
        Files.writeString(yaml, "port: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", yaml.toString()), Map.of()))
                .hasMessageStartingWith("config");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", dir.resolve("missing.yml").toString()), Map.of()))
                .hasMessageStartingWith("config: cannot read");
        Files.writeString(yaml, "session:\n  timeout-ms: 1000\n  unreachable-after-ms: 5000\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", yaml.toString()), Map.of()))
                .hasMessageStartingWith("session-timeout");
    }

    @Test
    void redisCluster_seedsFromFileEnvAndFlags_normalised_exclusiveWithRedis() throws Exception {
        Path yaml = dir.resolve("rc.yml");
        Files.writeString(yaml, """
                redis-cluster:
                  - 10.0.0.1:7000
                  - redis://:pw@10.0.0.2:7001
                """);
        ServerConfig fromFile = ConfigLoader.load(List.of("--config", yaml.toString()), Map.of());
        assertThat(fromFile.redisCluster()).containsExactly("redis://10.0.0.1:7000", "redis://:pw@10.0.0.2:7001");
        assertThat(fromFile.clustered()).isTrue();
        assertThat(fromFile.redisDescription()).isEqualTo("Redis Cluster redis://10.0.0.1:7000,redis://:***@10.0.0.2:7001");
        ServerConfig fromEnv = ConfigLoader.load(List.of(), Map.of("PARLEY_REDIS_CLUSTER", "h1:7000, h2:7001"));
        assertThat(fromEnv.redisCluster()).containsExactly("redis://h1:7000", "redis://h2:7001");
        ServerConfig fromFlag = ConfigLoader.load(List.of("--redis-cluster", "rediss://h3:7002"),
                Map.of("PARLEY_REDIS_CLUSTER", "h1:7000"));
        assertThat(fromFlag.redisCluster()).containsExactly("rediss://h3:7002");
        assertThat(ConfigLoader.load(List.of(), Map.of()).clustered()).isFalse();

        assertThatThrownBy(() -> ConfigLoader.load(List.of("--redis-cluster", "h1"), Map.of()))
                .hasMessageStartingWith("redis-cluster").hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--redis-cluster", "h1:7000", "--redis", "redis://h:6379"),
                Map.of())).hasMessageContaining("give one of them");
    }

    @Test
    void heartbeat_isClampedInsideShortUnreachableWindows() {
        ServerConfig c = ServerConfig.builder().unreachableAfter(Duration.ofMillis(600)).sessionTimeout(Duration.ofSeconds(1)).build();
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(ServerConfig.builder().build().heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void tlsFiles_bothRequiredAndReadable() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        ServerConfig c = ConfigLoader.load(List.of("--tls-cert", cert.toString(), "--tls-key", key.toString()), Map.of());
        assertThat(c.tls()).isTrue();
        assertThat(c.tlsKeyFile()).isEqualTo(key);
        assertThat(ConfigLoader.load(List.of(), Map.of("PARLEY_TLS_CERT", cert.toString(), "PARLEY_TLS_KEY", key.toString()))
                .tlsCertFile()).isEqualTo(cert);
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--tls-cert", cert.toString()), Map.of()))
                .hasMessageStartingWith("tls:");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--tls-cert", cert.toString(), "--tls-key",
                dir.resolve("missing.pem").toString()), Map.of())).hasMessageStartingWith("tls.key-file");
    }

    @Test
    void adminAndLogSettings_fromFileEnvAndFlags() throws Exception {
        Path yaml = dir.resolve("admin.yml");
        Files.writeString(yaml, """
                log-level: debug
                admin:
                  secret: file-secret-0123456789
                  token-minting: true
                apps:
                  - id: team-a
                    admin-secret: team-a-secret-012345
                """);
        ServerConfig fromFile = ConfigLoader.load(List.of("--config", yaml.toString()), Map.of());
        assertThat(fromFile.adminSecret()).isEqualTo("file-secret-0123456789");
        assertThat(fromFile.tokenMinting()).isTrue();
        assertThat(fromFile.logLevel()).isEqualTo("DEBUG");
        assertThat(fromFile.apps().get("team-a").adminSecret()).isEqualTo("team-a-secret-012345");

        ServerConfig layered = ConfigLoader.load(List.of("--config", yaml.toString(), "--admin-token-minting", "false",
                "--log-level", "warn"), Map.of("PARLEY_ADMIN_SECRET", "env-secret-0123456789", "PARLEY_LOG_LEVEL", "ERROR"));
        assertThat(layered.adminSecret()).isEqualTo("env-secret-0123456789");
        assertThat(layered.tokenMinting()).isFalse();
        assertThat(layered.logLevel()).isEqualTo("WARN");

        assertThat(ConfigLoader.load(List.of(), Map.of()).adminSecret()).isNull();
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--admin-secret", "short"), Map.of()))
                .hasMessageStartingWith("admin.secret");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--admin-token-minting", "maybe"), Map.of()))
                .hasMessageStartingWith("--admin-token-minting");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--log-level", "LOUD"), Map.of()))
                .hasMessageStartingWith("log-level");
        Files.writeString(yaml, "admin:\n  colour: red\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", yaml.toString()), Map.of()))
                .hasMessageStartingWith("admin.colour");
    }

    @Test
    void webSocketAllowedOrigins_fromFileEnvAndFlags_defaultNull_badOriginNamed() throws Exception {
        assertThat(ConfigLoader.load(List.of(), Map.of()).webSocketAllowedOrigins()).isNull();
        Path yaml = dir.resolve("ws.yml");
        Files.writeString(yaml, """
                websocket:
                  allowed-origins: [https://app.example, "http://localhost:3000"]
                """);
        assertThat(ConfigLoader.load(List.of("--config", yaml.toString()), Map.of()).webSocketAllowedOrigins())
                .containsExactly("https://app.example", "http://localhost:3000");
        assertThat(ConfigLoader.load(List.of("--config", yaml.toString()),
                Map.of("PARLEY_WEBSOCKET_ALLOWED_ORIGINS", "*")).webSocketAllowedOrigins()).containsExactly("*");
        assertThat(ConfigLoader.load(List.of("--websocket-allowed-origin", "https://a.example",
                "--websocket-allowed-origin", "null"), Map.of("PARLEY_WEBSOCKET_ALLOWED_ORIGINS", "*"))
                .webSocketAllowedOrigins()).containsExactly("https://a.example", "null");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--websocket-allowed-origin", "https://a.example/app"),
                Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("--websocket-allowed-origin");
    }

    @Test
    void host_devModeDefaultsToLoopback_appsToAllInterfaces_explicitWins_andExposedDevModeIsFlagged() {
        ServerConfig dev = ConfigLoader.load(List.of(), Map.of());
        assertThat(dev.host()).isEqualTo("127.0.0.1");
        assertThat(dev.devModeExposed()).isFalse();
        ServerConfig withApp = ConfigLoader.load(List.of("--app-id", APP), Map.of());
        assertThat(withApp.host()).isEqualTo("0.0.0.0");
        ServerConfig exposed = ConfigLoader.load(List.of("--host", "0.0.0.0"), Map.of());
        assertThat(exposed.host()).isEqualTo("0.0.0.0");
        assertThat(exposed.devModeExposed()).isTrue();
        assertThat(ConfigLoader.load(List.of(), Map.of("PARLEY_HOST", "::1")).devModeExposed()).isFalse();
        assertThat(exposed.toBuilder().app(APP).build().devModeExposed()).isFalse();
        assertThat(dev.toBuilder().app(APP).build().host()).as("a mode-chosen host follows the mode").isEqualTo("0.0.0.0");
    }

    @Test
    void httpHost_staysOnLoopbackUnlessProtectedOrGiven(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ServerConfig plain = ConfigLoader.load(List.of("--app-id", APP), Map.of());
        assertThat(plain.host()).isEqualTo("0.0.0.0");
        assertThat(plain.httpHost()).isEqualTo("127.0.0.1");
        assertThat(plain.httpHostDefaultedToLoopback()).isTrue();
        ServerConfig withSecret = ConfigLoader.load(List.of("--app-id", APP, "--admin-secret", "0123456789abcdef"),
                Map.of());
        assertThat(withSecret.httpHost()).isEqualTo("0.0.0.0");
        assertThat(ConfigLoader.load(List.of("--app-id", APP, "--http-host", "10.1.2.3"), Map.of()).httpHost())
                .isEqualTo("10.1.2.3");
        assertThat(ConfigLoader.load(List.of("--app-id", APP), Map.of("PARLEY_HTTP_HOST", "0.0.0.0")).httpHost())
                .isEqualTo("0.0.0.0");
        assertThat(ConfigLoader.load(List.of(), Map.of()).httpHostDefaultedToLoopback())
                .as("dev mode: everything on loopback, nothing to say").isFalse();

        Path yaml = dir.resolve("http.yaml");
        Files.writeString(yaml, "http-host: 0.0.0.0\nhttp:\n  max-connections: 7\n  idle-timeout-ms: 1500\n"
                + "  body-timeout-ms: 900\n");
        ServerConfig fromFile = ConfigLoader.load(List.of("--config", yaml.toString()), Map.of());
        assertThat(fromFile.httpHost()).isEqualTo("0.0.0.0");
        assertThat(fromFile.httpMaxConnections()).isEqualTo(7);
        assertThat(fromFile.httpIdleTimeoutMillis()).isEqualTo(1500);
        assertThat(fromFile.httpBodyTimeoutMillis()).isEqualTo(900);
        Files.writeString(yaml, "http:\n  max-connections: 0\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", yaml.toString()), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.max-connections");
    }
}
