package io.parley.it.support;

import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmClientListener;
import io.parley.server.ParleyServer;
import io.parley.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Starts real servers on loopback ephemeral ports and clients pointed at them. */
public final class Servers {
    public static final String APP_ID = "970CA35de60c44645bbae8a215061b33";
    public static final String CERT = "5CFd2fd1755d40ecb72977518be15d3b";
    public static final String CERT2 = "0123456789abcdef0123456789abcdef";

    private Servers() {
    }

    /** A config bound to 127.0.0.1 on ephemeral ports, with a scratch data dir. */
    public static ServerConfig.Builder config() {
        try {
            return ServerConfig.builder().host("127.0.0.1").port(0).httpPort(0)
                    .dataDir(java.nio.file.Files.createTempDirectory("parley-it"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ParleyServer start(ServerConfig config) {
        try {
            return new ParleyServer(config).start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Client config for one endpoint with short reconnect delays (tests wait less). */
    public static RtmClientConfig.Builder clientConfig(String endpoints) {
        return RtmClientConfig.builder().endpoints(endpoints)
                .reconnectInitialDelay(100, TimeUnit.MILLISECONDS).reconnectMaxDelay(500, TimeUnit.MILLISECONDS);
    }

    public static RtmClient client(String appId, RtmClientListener listener, RtmClientConfig config) {
        try {
            return RtmClient.createInstance(appId, listener, config);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path serverJar() {
        return Path.of(System.getProperty("parley.server.jar", "../server/target/parley-server.jar"));
    }

    public static Duration seconds(int s) {
        return Duration.ofSeconds(s);
    }
}
