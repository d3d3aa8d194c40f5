package io.parley.server;

import io.parley.server.config.AppConfig;
import io.parley.server.config.ConfigException;
import io.parley.server.config.ConfigLoader;
import io.parley.server.config.ServerConfig;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line: {@code java -jar parley-server.jar [flags]} runs the server;
 * {@code java -jar parley-server.jar token ...} prints a token. Exit code 2 for bad configuration
 * (one line on stderr naming the setting), 1 if the server cannot start.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> argList = Arrays.asList(args);
        if (argList.contains("--help") || argList.contains("-h")) {
            System.out.println(usage());
            return;
        }
        if (!argList.isEmpty() && argList.get(0).equals("token")) {
            try {
                System.out.println(TokenCommand.run(argList.subList(1, argList.size()), System.currentTimeMillis() / 1000));
            } catch (ConfigException e) {
                System.err.println("parley: " + e.getMessage());
                System.exit(2);
            }
            return;
        }
        ServerConfig config;
        try {
            config = ConfigLoader.load(argList, System.getenv());
        } catch (ConfigException e) {
            System.err.println("parley: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        applyLogLevel(config.logLevel());
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<ParleyServer> running = new java.util.concurrent.atomic.AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ParleyServer s = running.get();
            if (s != null) {
                s.close();
            }
            stopped.countDown();
            stopLogging(); // writes what the async appender still holds
        }, "parley-shutdown"));
        ParleyServer server = new ParleyServer(config);
        try {
            server.start();
        } catch (Exception e) {
            System.err.println("parley: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        running.set(server);
        banner(config, server);
        stopped.await();
    }

    private static void stopLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }

    /** Root level from --log-level / PARLEY_LOG_LEVEL / log-level (the packaged logback.xml defaults to INFO). */
    private static void applyLogLevel(String level) {
        if (level != null && LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.toLevel(level));
        }
    }

    private static void banner(ServerConfig config, ParleyServer server) {
        StringBuilder b = new StringBuilder();
        b.append("Parley started: client port ").append(server.port()).append(" on ").append(config.host())
                .append(", http port ").append(server.httpPort()).append(" on ").append(config.httpHost())
                .append(", data dir ").append(config.dataDir().toAbsolutePath());
        if (config.clustered()) {
            b.append(", cluster node ").append(config.nodeId()).append(" on ").append(config.redisDescription());
        }
        b.append(config.tls() ? ", TLS on both ports (" + config.tlsCertFile() + ")" : ", plain TCP/HTTP (no TLS)");
        if (config.devMode()) {
            b.append("\n  *** DEV MODE: no app configured. ANY app id logs in WITHOUT a token. ***")
                    .append("\n  *** Configure --app-id/--app-certificate (or PARLEY_APP_ID) before exposing this server. ***");
        } else {
            for (AppConfig app : config.apps().values()) {
                b.append("\n  app ").append(app.appId()).append(": ")
                        .append(app.requiresToken() ? app.certificates().size() + " certificate(s), tokens required"
                                : "no certificate, logins without token");
                if (app.maxUsers() > 0) {
                    b.append(", max ").append(app.maxUsers()).append(" users");
                }
            }
        }
        log.info(b.toString());
        if (config.httpHostDefaultedToLoopback()) {
            log.info("The HTTP port (health, metrics, WebSocket /rtm) listens on 127.0.0.1 only: no TLS and no admin"
                    + " secret protect it. Set --http-host (PARLEY_HTTP_HOST) to expose it.");
        }
        if (config.devModeExposed()) {
            log.warn("DEV MODE on {}: anyone who can reach this address logs in as any user of any app without a"
                    + " token. Bind 127.0.0.1 (the dev-mode default) or configure an app.", config.host());
        }
    }

    static String usage() {
        return """
                usage: java -jar parley-server.jar [--port 9600] [--http-port 9601] [--host 0.0.0.0] [--http-host ADDR]
                           [--app-id ID [--app-certificate CERT]...] [--data-dir DIR] [--config FILE]
                           [--admin-secret SECRET] [--admin-token-minting true|false] [--log-level INFO]
                           [--tls-cert CHAIN.pem --tls-key KEY.pem] [--redis redis[s]://[USER:PASSWORD@]HOST:PORT]
                           [--redis-cluster HOST:PORT[,HOST:PORT...]]
                           [--redis-tls-trust CA.pem] [--node-id ID]
                           [--websocket-allowed-origin ORIGIN]...
                       java -jar parley-server.jar token --app-id ID --app-certificate CERT --user USER
                           [--expire SECONDS] [--format 006|007]
                ports: clients over TCP on --port; HTTP on --http-port: /health /ready /metrics, the admin
                       API under /api/v1/, and browser/Node clients over WebSocket at /rtm
                       (--http-host defaults to --host with TLS or an admin secret, else 127.0.0.1)
                env: PARLEY_PORT PARLEY_HTTP_PORT PARLEY_HOST PARLEY_HTTP_HOST PARLEY_APP_ID PARLEY_APP_CERTIFICATE(a,b)
                     PARLEY_DATA_DIR PARLEY_CONFIG PARLEY_ADMIN_SECRET PARLEY_ADMIN_TOKEN_MINTING
                     PARLEY_LOG_LEVEL PARLEY_TLS_CERT PARLEY_TLS_KEY PARLEY_REDIS PARLEY_REDIS_TLS_TRUST PARLEY_NODE_ID
                     PARLEY_WEBSOCKET_ALLOWED_ORIGINS(a,b)   (precedence: defaults < file < env < flags)""";
    }
}
