package io.parley.loadtest;

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
        this.memory = ServerMemoryProbe.before(o.serverPid());
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
        return memory.report(options.clients(), ok.get(), (lastNanos - firstNanos) / 1e9, options.client());
    }

    @Override
    public String unit() {
        return "logins";
    }
}
