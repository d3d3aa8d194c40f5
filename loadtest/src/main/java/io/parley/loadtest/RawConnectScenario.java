package io.parley.loadtest;

import io.parley.loadtest.transport.RawConnection;
import io.parley.loadtest.transport.RawListener;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code connect} with {@code --client raw}: N raw-protocol connections log in (at most
 * {@code --concurrency} outstanding) and stay idle, pinging at the server's heartbeat interval.
 * Reports logins/s and, with {@code --server-pid}, the server's RSS and live heap per connection
 * (see {@link ConnectScenario}).
 */
final class RawConnectScenario implements Scenario {
    private static final int PROBES = 100;
    private static final int SEND_PEER_MESSAGE = 20;
    private static final int QUERY_PEERS_ONLINE_STATUS = 30;
    private final java.util.Queue<RawConnection> connections = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Probes probes = new Probes();

    /** The idle clients' listener; answers to probe requests complete the probe waiting for them. */
    private static final class Probes implements RawListener {
        private final java.util.Map<Integer, java.util.concurrent.CompletableFuture<Integer>> waiting =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger(1_000);

        /** Sends one request and waits for its wire code (-1 if no answer within 10 s). */
        int ask(RawConnection c, int field, byte[] body) throws Exception {
            int rid = ids.incrementAndGet();
            java.util.concurrent.CompletableFuture<Integer> f = new java.util.concurrent.CompletableFuture<>();
            waiting.put(rid, f);
            c.send(rid, field, body);
            try {
                return f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return -1;
            } finally {
                waiting.remove(rid);
            }
        }

        @Override
        public void reply(RawConnection c, int requestId, int code) {
            java.util.concurrent.CompletableFuture<Integer> f = waiting.get(requestId);
            if (f != null) {
                f.complete(code);
            }
        }
    }

    /** Longer than the server's heartbeat interval (2 s): warm-up clients ping before they leave. */
    private static final long WARMUP_HOLD_MILLIS = 2_500;
    private final AtomicLong ok = new AtomicLong();
    private Target target;
    private Options options;
    private Stats stats;
    private ServerMemoryProbe memory;
    private long firstNanos;
    private volatile long lastNanos;

    @Override
    public void setUp(Target t, Options o, Stats s) {
        this.target = t;
        this.options = o;
        this.stats = s;
        if (o.warmupClients() > 0) {
            try {
                warmUp(o.warmupClients(), Math.max(1, o.concurrency()), new RawListener() {
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the warm-up", e);
            }
        }
        this.memory = ServerMemoryProbe.before(o.serverPid()); // after any warm-up: it measures the server as found
    }

    @Override
    public void start() throws Exception {
        int concurrency = Math.max(1, options.concurrency());
        Semaphore window = new Semaphore(concurrency);
        RawListener idle = probes;
        firstNanos = System.nanoTime();
        for (int i = 0; i < options.clients(); i++) {
            window.acquire();
            long start = System.nanoTime();
            stats.sent.increment();
            String user = "conn-" + i;
            target.rawLoginAsync(user, idle).whenComplete((c, err) -> {
                if (err == null) {
                    users.put(c, user);
                    connections.add(c);
                    ok.incrementAndGet();
                    stats.ok(System.nanoTime() - start);
                    lastNanos = System.nanoTime();
                } else {
                    Throwable cause = err.getCause() == null ? err : err.getCause();
                    stats.error("raw login: " + cause.getMessage());
                }
                window.release();
            });
        }
        window.acquire(concurrency);
    }

    /**
     * {@code --warmup-clients N}: N other users log in, stay long enough to ping (as idle clients do),
     * and log out, so the logins measured next run on a server whose login and heartbeat paths are
     * compiled: a fresh JVM spends much of its first logins in the JIT compiler.
     */
    private void warmUp(int n, int concurrency, RawListener idle) throws InterruptedException {
        Semaphore window = new Semaphore(concurrency);
        AtomicLong failed = new AtomicLong();
        java.util.Queue<io.parley.loadtest.transport.RawConnection> in = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < n; i++) {
            window.acquire();
            target.rawLoginAsync("warmup-" + i, idle).whenComplete((c, err) -> {
                if (err != null) {
                    failed.incrementAndGet();
                } else {
                    in.add(c);
                }
                window.release();
            });
        }
        window.acquire(concurrency);
        window.release(concurrency);
        Thread.sleep(WARMUP_HOLD_MILLIS); // every warm-up client pings at least once
        for (io.parley.loadtest.transport.RawConnection c : in) {
            window.acquire();
            c.logout().whenComplete((code, err) -> {
                c.close();
                window.release();
            });
        }
        window.acquire(concurrency);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + n + " warm-up logins failed");
        }
    }

    @Override
    public void stop() {
    }

    @Override
    public Map<String, Object> drain() throws Exception {
        Map<String, Object> r = new java.util.LinkedHashMap<>(
                memory.report(options.clients(), ok.get(), (lastNanos - firstNanos) / 1e9, options.client()));
        if (!options.hold().isZero() && !connections.isEmpty()) {
            r.putAll(atRest(options.hold().toMillis()));
        }
        return r;
    }

    /**
     * {@code --hold}: the server's CPU while every session only heartbeats, then {@value #PROBES}
     * presence queries and {@value #PROBES} peer messages between random logged-in users, one at a
     * time: do they still answer, and how fast.
     */
    private Map<String, Object> atRest(long holdMillis) throws Exception {
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        long pid = options.serverPid();
        long t0 = pid > 0 ? ProcFs.cpuTicks(pid) : -1;
        long w0 = System.nanoTime();
        Thread.sleep(holdMillis);
        if (t0 >= 0) {
            double busySeconds = (ProcFs.cpuTicks(pid) - t0) / 100.0;
            r.put("server_cpu_pct_at_rest", Math.round(busySeconds / ((System.nanoTime() - w0) / 1e9) * 1000) / 10.0);
        }
        r.put("sessions_at_rest", connections.size());
        java.util.List<RawConnection> all = new java.util.ArrayList<>(connections);
        java.util.Random rnd = new java.util.Random(1);
        org.HdrHistogram.Histogram latency = new org.HdrHistogram.Histogram(3);
        int presenceOk = 0;
        int peerOk = 0;
        for (int i = 0; i < PROBES; i++) {
            int a = rnd.nextInt(all.size());
            int b = (a + 1 + rnd.nextInt(Math.max(1, all.size() - 1))) % all.size(); // another user, if there is one
            RawConnection from = all.get(a);
            String peer = userOf(all.get(b));
            long start = System.nanoTime();
            if (probes.ask(from, QUERY_PEERS_ONLINE_STATUS, io.parley.protocol.v1.QueryPeersOnlineStatus.newBuilder()
                    .addPeerIds(peer).build().toByteArray()) == 0) {
                presenceOk++;
                latency.recordValue(System.nanoTime() - start);
            }
            start = System.nanoTime();
            if (probes.ask(from, SEND_PEER_MESSAGE, io.parley.protocol.v1.SendPeerMessage.newBuilder().setPeerId(peer)
                    .setBody(io.parley.protocol.v1.MessageBody.newBuilder()
                            .setType(io.parley.protocol.v1.MessageType.MESSAGE_TYPE_TEXT).setText("probe"))
                    .build().toByteArray()) == 0) {
                peerOk++;
                latency.recordValue(System.nanoTime() - start);
            }
        }
        r.put("probe_presence_ok", presenceOk + "/" + PROBES);
        r.put("probe_peer_acked", peerOk + "/" + PROBES);
        r.put("probe_latency_us", Report.latency(latency));
        return r;
    }

    private final java.util.Map<RawConnection, String> users = new java.util.concurrent.ConcurrentHashMap<>();

    private String userOf(RawConnection c) {
        return users.get(c);
    }

    @Override
    public String unit() {
        return "logins";
    }
}
