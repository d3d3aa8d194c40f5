package io.parley.loadtest;

import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.RtmStatusCode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code storm}: N SDK clients log in and stay, then wait for the server to go away and come back
 * (restart it by hand or by script once "restart the server now" is printed). Measures, from the
 * first client that loses its connection: how long until every client is CONNECTED again, the
 * peak number of clients regaining CONNECTED in any one second (the logins the server sees, spread
 * by the SDK's backoff and jitter), each client's time to recover, and any client that gives up
 * (ABORTED) or sees a login failure. Waits at most {@code --duration} seconds for each phase.
 */
final class StormScenario implements Scenario {
    private Target target;
    private Options options;
    private Stats stats;
    private Client[] clients;
    private final AtomicLong firstDown = new AtomicLong();
    private final AtomicInteger down = new AtomicInteger();
    private final AtomicInteger everDown = new AtomicInteger();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private AtomicLongArray recoveredAt;
    private long allBackNanos;

    /** One client's connection state, as its listener hears it. */
    private final class Client implements RtmClientListener {
        final int index;
        volatile boolean isDown;

        Client(int index) {
            this.index = index;
        }

        @Override
        public void onConnectionStateChanged(int state, int reason) {
            if (state == RtmStatusCode.ConnectionState.CONNECTION_STATE_CONNECTED) {
                if (isDown) {
                    isDown = false;
                    recoveredAt.set(index, System.nanoTime());
                    down.decrementAndGet();
                }
            } else if (state == RtmStatusCode.ConnectionState.CONNECTION_STATE_RECONNECTING
                    || state == RtmStatusCode.ConnectionState.CONNECTION_STATE_ABORTED) {
                if (!isDown && recoveredAt != null) {
                    isDown = true;
                    firstDown.compareAndSet(0, System.nanoTime());
                    down.incrementAndGet();
                    everDown.incrementAndGet();
                }
                if (state == RtmStatusCode.ConnectionState.CONNECTION_STATE_ABORTED) {
                    failures.computeIfAbsent("aborted_reason_" + reason, k -> new LongAdder()).increment();
                }
            }
            if (reason == RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_FAILURE) {
                failures.computeIfAbsent("login_failure", k -> new LongAdder()).increment();
            }
        }

        @Override
        public void onMessageReceived(RtmMessage message, String peerId) {
        }

        @Override
        public void onTokenExpired() {
        }

        @Override
        public void onPeersOnlineStatusChanged(Map<String, Integer> peersStatus) {
        }
    }

    @Override
    public void setUp(Target t, Options o, Stats s) {
        this.target = t;
        this.options = o;
        this.stats = s;
    }

    @Override
    public void start() throws Exception {
        int n = options.clients();
        clients = new Client[n];
        Semaphore window = new Semaphore(Math.max(1, options.concurrency()));
        AtomicInteger loggedIn = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            window.acquire();
            String user = "storm-" + i;
            clients[i] = new Client(i);
            RtmClient c = target.client(clients[i]);
            stats.sent.increment();
            c.login(target.token(user), user, Listeners.then(err -> {
                if (err == null) {
                    loggedIn.incrementAndGet();
                } else {
                    stats.error(err);
                }
                window.release();
            }));
        }
        window.acquire(Math.max(1, options.concurrency()));
        recoveredAt = new AtomicLongArray(n); // from here on, a lost connection counts
        System.err.printf("storm: %,d clients connected; restart the server now (waiting up to %d s)%n",
                loggedIn.get(), options.duration().toSeconds());
        long deadline = System.nanoTime() + options.duration().toNanos();
        while (firstDown.get() == 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        if (firstDown.get() == 0) {
            throw new IllegalStateException("no client lost its connection within " + options.duration().toSeconds() + " s");
        }
        System.err.println("storm: connections lost; waiting for every client to be back");
        deadline = System.nanoTime() + options.duration().toNanos();
        while ((down.get() > 0 || everDown.get() < loggedIn.get()) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
            if (down.get() == 0 && System.nanoTime() - firstDown.get() > TimeUnit.SECONDS.toNanos(10)) {
                break; // some never noticed the restart within 10 s: they kept a connection, which is fine
            }
        }
        allBackNanos = System.nanoTime();
        long firstNanos = firstDown.get();
        for (int i = 0; i < n; i++) {
            long t = recoveredAt.get(i);
            if (t != 0) {
                stats.ok(t - firstNanos); // each client's time to recover, from the first loss
            }
        }
    }

    @Override
    public void stop() {
    }

    @Override
    public Map<String, Object> drain() {
        long first = firstDown.get();
        long[] back = new long[clients.length];
        int m = 0;
        long last = first;
        for (int i = 0; i < clients.length; i++) {
            long t = recoveredAt.get(i);
            if (t != 0) {
                back[m++] = t;
                last = Math.max(last, t);
            }
        }
        back = Arrays.copyOf(back, m);
        Arrays.sort(back);
        int peak = 0;
        for (int i = 0, j = 0; i < m; i++) { // most recoveries inside any one-second window
            while (back[i] - back[j] > 1_000_000_000L) {
                j++;
            }
            peak = Math.max(peak, i - j + 1);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("clients", clients.length);
        r.put("lost_connection", everDown.get());
        r.put("recovered", m);
        r.put("still_down", down.get());
        r.put("recovery_s", Math.round((last - first) / 1e7) / 100.0);
        r.put("peak_logins_per_s", peak);
        Map<String, Long> f = new LinkedHashMap<>();
        failures.forEach((k, v) -> f.put(k, v.sum()));
        r.put("client_failures", f);
        r.put("failed", down.get() > 0 || allBackNanos == 0);
        return r;
    }

    @Override
    public String unit() {
        return "recoveries";
    }
}
