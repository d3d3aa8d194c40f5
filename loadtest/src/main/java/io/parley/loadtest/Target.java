package io.parley.loadtest;

import io.parley.loadtest.transport.RawConnection;
import io.parley.loadtest.transport.RawIo;
import io.parley.loadtest.transport.RawListener;
import io.parley.protocol.token.RtmTokenBuilder;
import io.parley.protocol.v1.ErrorCode;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmIoGroup;
import io.parley.server.ParleyServer;
import io.parley.server.config.ServerConfig;
import io.parley.server.ratelimit.Operation;
import java.nio.file.Files;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The server under test: a remote deployment ({@code --server}) or one started in this JVM
 * ({@code --embedded}, rate limits off). All SDK clients share one 2-thread I/O group; raw-protocol
 * clients ({@code --client raw}) share another.
 */
final class Target implements AutoCloseable {
    private final RtmIoGroup io = RtmIoGroup.create(2);
    private final RtmClientConfig config;
    private final String appId;
    private final String certificate;
    private final ParleyServer embedded;
    private final Map<RtmClient, Boolean> clients = new ConcurrentHashMap<>();
    private final Queue<RawConnection> raw = new ConcurrentLinkedQueue<>();
    private RawIo rawIo;

    Target(Options o) throws Exception {
        this.appId = o.appId();
        this.certificate = o.appCertificate();
        List<String> endpoints = o.servers();
        if (o.embedded()) {
            ServerConfig.Builder b = ServerConfig.builder().host("127.0.0.1").port(0).httpPort(0)
                    .dataDir(Files.createTempDirectory("parley-loadtest"));
            for (Operation op : Operation.values()) {
                b.rateLimit(op, 0);
            }
            embedded = new ParleyServer(b.build()).start();
            endpoints = List.of("127.0.0.1:" + embedded.port());
            rawEndpoints = o.webSocket() ? List.of("ws://127.0.0.1:" + embedded.httpPort() + "/rtm") : endpoints;
        } else {
            embedded = null;
            if (o.webSocket() && !endpoints.stream().allMatch(e -> e.startsWith("ws://"))) {
                throw new IllegalArgumentException("--client ws: give --server as ws://host:port/rtm");
            }
            rawEndpoints = endpoints;
        }
        // --client ws against a remote server names WebSocket URLs, which the Java SDK does not speak
        this.config = o.webSocket() && !o.embedded() ? null : RtmClientConfig.builder().endpoints(endpoints).ioGroup(io)
                .loginTimeout(60, TimeUnit.SECONDS).build();
        this.endpoints = endpoints;
        this.spread = o.spread() && endpoints.size() > 1;
        this.sourceAddresses = o.sourceAddresses();
    }

    private final List<String> endpoints;
    /** Where the lean clients connect: the TCP endpoints, or the WebSocket URLs for --client ws. */
    private final List<String> rawEndpoints;
    private final boolean spread;
    private static final long LOGIN_TIMEOUT_SECONDS = 60;
    private final int sourceAddresses;
    private final java.util.concurrent.atomic.AtomicInteger sourced = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A client on the shared I/O group. With {@code --spread}, client k starts at server k mod n (the
     * others stay as fallbacks): p2p then puts every recipient on one node and every sender on the
     * next, so each message crosses nodes; fan-out members spread evenly.
     */
    RtmClient client(RtmClientListener listener) throws Exception {
        if (config == null) {
            throw new IllegalStateException("--client ws: this scenario runs lean WebSocket clients only");
        }
        RtmClientConfig cfg = config;
        if (spread) {
            int first = Math.floorMod(created.getAndIncrement(), endpoints.size());
            List<String> rotated = new java.util.ArrayList<>(endpoints.subList(first, endpoints.size()));
            rotated.addAll(endpoints.subList(0, first));
            cfg = config.toBuilder().endpoints(rotated).build();
        }
        RtmClient c = RtmClient.createInstance(appId, listener, cfg);
        clients.put(c, Boolean.TRUE);
        return c;
    }

    /**
     * A raw-protocol connection ({@code --client raw}), logged in as {@code userId}; client k goes to
     * server k mod n with {@code --spread}, else to the first server.
     */
    RawConnection rawLogin(String userId, RawListener listener) throws Exception {
        return rawLoginAsync(userId, listener).get(LOGIN_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
    }

    /** Like {@link #rawLogin}, without waiting; fails with the wire code's name if the login is refused. */
    CompletableFuture<RawConnection> rawLoginAsync(String userId, RawListener listener) {
        String endpoint = spread ? rawEndpoints.get(Math.floorMod(created.getAndIncrement(), rawEndpoints.size()))
                : rawEndpoints.get(0);
        return rawIo().connect(endpoint, listener, sourceAddress()).thenCompose(c -> {
            raw.add(c);
            return c.login(appId, userId, token(userId)).thenApply(code -> {
                if (code != 0) {
                    throw new IllegalStateException("login " + userId + " failed: " + ErrorCode.forNumber(code));
                }
                return c;
            });
        }).orTimeout(LOGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS); // a lost answer is an error, never a hang
    }

    /** The next of {@code --source-addresses} loopback addresses (127.0.x.y, y from 1), or null for the system's. */
    private InetAddress sourceAddress() {
        if (sourceAddresses <= 0) {
            return null;
        }
        int k = Math.floorMod(sourced.getAndIncrement(), sourceAddresses);
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (k / 250), (byte) (1 + k % 250)});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code --client relay}: a client of the shared bench's relay at the first {@code --server},
     * registered as {@code id}.
     */
    io.parley.loadtest.transport.RelayConnection relayLogin(int id, io.parley.loadtest.transport.RelayConnection.Listener l)
            throws Exception {
        io.parley.loadtest.transport.RelayConnection c = rawIo().connectRelay(endpoints.get(0), l)
                .get(LOGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        c.register(id).get(LOGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return c;
    }

    private synchronized RawIo rawIo() {
        if (rawIo == null) {
            rawIo = new RawIo(2);
        }
        return rawIo;
    }

    /** A token for {@code userId} if an app certificate was given, else null (no-certificate apps). */
    String token(String userId) {
        return certificate == null ? null
                : RtmTokenBuilder.build007(appId, certificate, userId, System.currentTimeMillis() / 1000, 86_400);
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        clients.keySet().forEach(RtmClient::release);
        raw.forEach(RawConnection::close);
        synchronized (this) {
            if (rawIo != null) {
                rawIo.close();
            }
        }
        if (embedded != null) {
            embedded.close();
        }
        io.close();
    }
}
