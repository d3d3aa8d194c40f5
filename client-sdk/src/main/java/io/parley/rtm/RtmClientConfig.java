package io.parley.rtm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.TrustManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Explicit client configuration. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults are RTM's: login timeout 12 s, peer-message acknowledgement timeout 10 s, ping every
 * 2 s, connection considered lost after 4 s without a packet from the server, reconnect backoff
 * 0.5 s doubling to 8 s with jitter.
 * A null I/O group or callback executor means the process-wide shared ones.
 */
public final class RtmClientConfig {
    private final List<String> endpoints;
    private final Duration loginTimeout;
    private final Duration heartbeatInterval;
    private final Duration connectionLostAfter;
    private final Duration reconnectInitialDelay;
    private final Duration reconnectMaxDelay;
    private final Duration peerMessageTimeout;
    private final RtmIoGroup ioGroup;
    private final Executor callbackExecutor;
    private final TrustManagerFactory trustManagerFactory;

    private RtmClientConfig(Builder b) {
        this.endpoints = List.copyOf(b.endpoints);
        this.loginTimeout = b.loginTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.connectionLostAfter = b.connectionLostAfter;
        this.reconnectInitialDelay = b.reconnectInitialDelay;
        this.reconnectMaxDelay = b.reconnectMaxDelay;
        this.peerMessageTimeout = b.peerMessageTimeout;
        this.ioGroup = b.ioGroup;
        this.callbackExecutor = b.callbackExecutor;
        this.trustManagerFactory = b.trustManagerFactory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Endpoints from {@code PARLEY_SERVER} / {@code -Dparley.server}, else 127.0.0.1:9600. */
    public static RtmClientConfig fromEnvironment() {
        String v = System.getProperty("parley.server");
        if (v == null || v.isBlank()) {
            v = System.getenv("PARLEY_SERVER");
        }
        if (v == null || v.isBlank()) {
            v = "127.0.0.1:9600";
        }
        return builder().endpoints(v).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoints.addAll(endpoints);
        b.loginTimeout = loginTimeout;
        b.heartbeatInterval = heartbeatInterval;
        b.connectionLostAfter = connectionLostAfter;
        b.reconnectInitialDelay = reconnectInitialDelay;
        b.reconnectMaxDelay = reconnectMaxDelay;
        b.peerMessageTimeout = peerMessageTimeout;
        b.ioGroup = ioGroup;
        b.callbackExecutor = callbackExecutor;
        b.trustManagerFactory = trustManagerFactory;
        return b;
    }

    public List<String> endpoints() {
        return endpoints;
    }

    public Duration loginTimeout() {
        return loginTimeout;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration connectionLostAfter() {
        return connectionLostAfter;
    }

    public Duration reconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /** How long sendMessageToPeer waits for the peer's acknowledgement (RTM: 10 s → PEER_MESSAGE_ERR_TIMEOUT). */
    public Duration peerMessageTimeout() {
        return peerMessageTimeout;
    }

    public RtmIoGroup ioGroup() {
        return ioGroup;
    }

    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    /** Trust for {@code tls://} endpoints; null = the JVM's default trust store. */
    public TrustManagerFactory trustManagerFactory() {
        return trustManagerFactory;
    }

    public static final class Builder {
        private final List<String> endpoints = new ArrayList<>();
        private Duration loginTimeout = Duration.ofSeconds(12);
        private Duration heartbeatInterval = Duration.ofSeconds(2);
        private Duration connectionLostAfter = Duration.ofSeconds(4);
        private Duration reconnectInitialDelay = Duration.ofMillis(500);
        private Duration reconnectMaxDelay = Duration.ofSeconds(8);
        private Duration peerMessageTimeout = Duration.ofSeconds(10);
        private RtmIoGroup ioGroup;
        private Executor callbackExecutor;
        private TrustManagerFactory trustManagerFactory;

        /** Trust for {@code tls://} endpoints (default: the JVM's trust store). */
        public Builder trustManagerFactory(TrustManagerFactory v) {
            trustManagerFactory = v;
            return this;
        }

        /** Trusts exactly the X.509 certificates in a PEM file (a self-signed server certificate, a private CA). */
        public Builder trustCertificates(Path pemFile) {
            try (InputStream in = Files.newInputStream(pemFile)) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("parley-" + i++, c);
                }
                if (i == 0) {
                    throw new IllegalArgumentException(pemFile + " holds no certificate");
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                return trustManagerFactory(tmf);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read certificates from " + pemFile + ": " + e.getMessage(), e);
            }
        }

        /**
         * Replaces the endpoint list with {@code host:port[,host:port…]}; {@code tls://host:port}
         * connects with TLS (server certificate and host name verified).
         */
        public Builder endpoints(String commaSeparated) {
            endpoints.clear();
            for (String s : commaSeparated.split(",")) {
                if (!s.isBlank()) {
                    endpoints.add(s.trim());
                }
            }
            return this;
        }

        public Builder endpoints(List<String> list) {
            endpoints.clear();
            endpoints.addAll(list);
            return this;
        }

        public Builder loginTimeout(Duration v) {
            loginTimeout = v;
            return this;
        }

        public Builder heartbeatInterval(Duration v) {
            heartbeatInterval = v;
            return this;
        }

        public Builder connectionLostAfter(Duration v) {
            connectionLostAfter = v;
            return this;
        }

        public Builder reconnectInitialDelay(Duration v) {
            reconnectInitialDelay = v;
            return this;
        }

        public Builder reconnectMaxDelay(Duration v) {
            reconnectMaxDelay = v;
            return this;
        }

        public Builder peerMessageTimeout(Duration v) {
            peerMessageTimeout = v;
            return this;
        }

        public Builder ioGroup(RtmIoGroup v) {
            ioGroup = v;
            return this;
        }

        public Builder callbackExecutor(Executor v) {
            callbackExecutor = v;
            return this;
        }

        public RtmClientConfig build() {
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("at least one endpoint (host:port) is required");
            }
            for (String endpoint : endpoints) {
                String e = endpoint.startsWith("tls://") ? endpoint.substring(6)
                        : endpoint.startsWith("tcp://") ? endpoint.substring(6) : endpoint;
                int colon = e.lastIndexOf(':');
                if (colon <= 0 || colon == e.length() - 1) {
                    throw new IllegalArgumentException("endpoint '" + e + "' is not host:port");
                }
                try {
                    int port = Integer.parseInt(e.substring(colon + 1));
                    if (port < 1 || port > 65535) {
                        throw new IllegalArgumentException("endpoint '" + e + "' has an invalid port");
                    }
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("endpoint '" + e + "' has an invalid port");
                }
            }
            return new RtmClientConfig(this);
        }
    }
}
