package io.parley.rtm;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * Explicit client configuration. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults are RTM's: login timeout 12 s, peer-message acknowledgement timeout 10 s, ping every
 * 2 s, connection considered lost after 4 s without a packet from the server, reconnect backoff
 * 0.5 s doubling to 8 s with jitter.
 * A null I/O group or callback executor means the process-wide shared ones, which start with the
 * first client and stop once the last one is released.
 *
 * <p>Durations are given as an amount and a {@link TimeUnit} and read back in milliseconds, so the
 * class needs nothing Android 7.0 (API 24) lacks.
 */
public final class RtmClientConfig {
    private final List<String> endpoints;
    private final long loginTimeoutMillis;
    private final long heartbeatIntervalMillis;
    private final long connectionLostAfterMillis;
    private final long reconnectInitialDelayMillis;
    private final long reconnectMaxDelayMillis;
    private final long peerMessageTimeoutMillis;
    private final RtmIoGroup ioGroup;
    private final Executor callbackExecutor;
    private final TrustManagerFactory trustManagerFactory;

    private RtmClientConfig(Builder b) {
        this.endpoints = Collections.unmodifiableList(new ArrayList<>(b.endpoints));
        this.loginTimeoutMillis = b.loginTimeoutMillis;
        this.heartbeatIntervalMillis = b.heartbeatIntervalMillis;
        this.connectionLostAfterMillis = b.connectionLostAfterMillis;
        this.reconnectInitialDelayMillis = b.reconnectInitialDelayMillis;
        this.reconnectMaxDelayMillis = b.reconnectMaxDelayMillis;
        this.peerMessageTimeoutMillis = b.peerMessageTimeoutMillis;
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
        if (v == null || v.trim().isEmpty()) {
            v = System.getenv("PARLEY_SERVER");
        }
        if (v == null || v.trim().isEmpty()) {
            v = "127.0.0.1:9600";
        }
        return builder().endpoints(v).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoints.addAll(endpoints);
        b.loginTimeoutMillis = loginTimeoutMillis;
        b.heartbeatIntervalMillis = heartbeatIntervalMillis;
        b.connectionLostAfterMillis = connectionLostAfterMillis;
        b.reconnectInitialDelayMillis = reconnectInitialDelayMillis;
        b.reconnectMaxDelayMillis = reconnectMaxDelayMillis;
        b.peerMessageTimeoutMillis = peerMessageTimeoutMillis;
        b.ioGroup = ioGroup;
        b.callbackExecutor = callbackExecutor;
        b.trustManagerFactory = trustManagerFactory;
        return b;
    }

    public List<String> endpoints() {
        return endpoints;
    }

    public long loginTimeoutMillis() {
        return loginTimeoutMillis;
    }

    public long heartbeatIntervalMillis() {
        return heartbeatIntervalMillis;
    }

    public long connectionLostAfterMillis() {
        return connectionLostAfterMillis;
    }

    public long reconnectInitialDelayMillis() {
        return reconnectInitialDelayMillis;
    }

    public long reconnectMaxDelayMillis() {
        return reconnectMaxDelayMillis;
    }

    /** How long sendMessageToPeer waits for the peer's acknowledgement (RTM: 10 s → PEER_MESSAGE_ERR_TIMEOUT). */
    public long peerMessageTimeoutMillis() {
        return peerMessageTimeoutMillis;
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
        private long loginTimeoutMillis = 12_000;
        private long heartbeatIntervalMillis = 2_000;
        private long connectionLostAfterMillis = 4_000;
        private long reconnectInitialDelayMillis = 500;
        private long reconnectMaxDelayMillis = 8_000;
        private long peerMessageTimeoutMillis = 10_000;
        private RtmIoGroup ioGroup;
        private Executor callbackExecutor;
        private TrustManagerFactory trustManagerFactory;

        /** Trust for {@code tls://} endpoints (default: the JVM's trust store). */
        public Builder trustManagerFactory(TrustManagerFactory v) {
            trustManagerFactory = v;
            return this;
        }

        /** Trusts exactly the X.509 certificates in a PEM file (a self-signed server certificate, a private CA). */
        public Builder trustCertificates(File pemFile) {
            try (InputStream in = new FileInputStream(pemFile)) {
                return trustCertificates(in, pemFile.getPath());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read certificates from " + pemFile + ": " + e.getMessage(), e);
            }
        }

        /** Trusts exactly the X.509 certificates in a PEM stream (on Android, an asset or a raw resource). */
        public Builder trustCertificates(InputStream pem) {
            return trustCertificates(pem, "the stream");
        }

        private Builder trustCertificates(InputStream in, String source) {
            try {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("parley-" + i++, c);
                }
                if (i == 0) {
                    throw new IllegalArgumentException(source + " holds no certificate");
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                return trustManagerFactory(tmf);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read certificates from " + source + ": " + e.getMessage(), e);
            }
        }

        /**
         * Replaces the endpoint list with {@code host:port[,host:port…]}; {@code tls://host:port}
         * connects with TLS (server certificate and host name verified).
         */
        public Builder endpoints(String commaSeparated) {
            endpoints.clear();
            for (String s : commaSeparated.split(",")) {
                if (!s.trim().isEmpty()) {
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

        public Builder loginTimeout(long amount, TimeUnit unit) {
            loginTimeoutMillis = positiveMillis("loginTimeout", amount, unit);
            return this;
        }

        public Builder heartbeatInterval(long amount, TimeUnit unit) {
            heartbeatIntervalMillis = positiveMillis("heartbeatInterval", amount, unit);
            return this;
        }

        public Builder connectionLostAfter(long amount, TimeUnit unit) {
            connectionLostAfterMillis = positiveMillis("connectionLostAfter", amount, unit);
            return this;
        }

        public Builder reconnectInitialDelay(long amount, TimeUnit unit) {
            reconnectInitialDelayMillis = positiveMillis("reconnectInitialDelay", amount, unit);
            return this;
        }

        public Builder reconnectMaxDelay(long amount, TimeUnit unit) {
            reconnectMaxDelayMillis = positiveMillis("reconnectMaxDelay", amount, unit);
            return this;
        }

        public Builder peerMessageTimeout(long amount, TimeUnit unit) {
            peerMessageTimeoutMillis = positiveMillis("peerMessageTimeout", amount, unit);
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

        private static long positiveMillis(String name, long amount, TimeUnit unit) {
            long millis = unit.toMillis(amount);
            if (millis <= 0) {
                throw new IllegalArgumentException(name + " must be at least 1 ms");
            }
            return millis;
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
