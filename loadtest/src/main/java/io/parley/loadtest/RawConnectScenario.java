package io.parley.loadtest;

import io.parley.loadtest.transport.RawListener;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code connect} with {@code --client raw}: N raw-protocol connections log in (at most
 * {@code --concurrency} outstanding) and stay idle, pinging at the server's heartbeat interval.
 * Reports logins/s and, with {@code --server-pid}, the server's RSS and live heap per connection
 * (see {@link ConnectScenario}).
 */
final class RawConnectScenario implements Scenario {
    private static final String CLIENT = "raw";
    private final AtomicLong ok = new AtomicLong();
    private Target target;
    private Options options;
    private Stats stats;
    private long rssBefore;
    private long heapBefore;
    private long firstNanos;
    private volatile long lastNanos;

    @Override
    public void setUp(Target t, Options o, Stats s) {
        this.target = t;
        this.options = o;
        this.stats = s;
        this.heapBefore = ServerHeap.liveKibAfterGc(o.serverPid());
        this.rssBefore = o.serverPid() > 0 ? ProcFs.rssKib(o.serverPid()) : -1;
    }

    @Override
    public void start() throws Exception {
        int concurrency = Math.max(1, options.concurrency());
        Semaphore window = new Semaphore(concurrency);
        RawListener idle = new RawListener() {
        };
        firstNanos = System.nanoTime();
        for (int i = 0; i < options.clients(); i++) {
            window.acquire();
            long start = System.nanoTime();
            stats.sent.increment();
            target.rawLoginAsync("conn-" + i, idle).whenComplete((c, err) -> {
                if (err == null) {
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

    @Override
    public void stop() {
    }

    @Override
    public Map<String, Object> drain() throws Exception {
        TimeUnit.SECONDS.sleep(3); // settle before reading the server's memory (CLI, not a test)
        long rssAfter = options.serverPid() > 0 ? ProcFs.rssKib(options.serverPid()) : -1;
        long heapAfter = heapBefore >= 0 ? ServerHeap.liveKibAfterGc(options.serverPid()) : -1;
        double seconds = Math.max(1e-9, (lastNanos - firstNanos) / 1e9);
        long n = ok.get();
        return Map.of("conns", options.clients(), "conns_ok", n, "conns_per_s", Math.round(n / seconds),
                "client", CLIENT, "kib_per_conn", rssBefore > 0 && rssAfter > 0 && n > 0
                        ? Math.round((rssAfter - rssBefore) * 100.0 / n) / 100.0 : "n/a",
                "heap_kib_per_conn", heapBefore >= 0 && heapAfter >= 0 && n > 0
                        ? Math.round((heapAfter - heapBefore) * 100.0 / n) / 100.0 : "n/a");
    }

    @Override
    public String unit() {
        return "logins";
    }
}
