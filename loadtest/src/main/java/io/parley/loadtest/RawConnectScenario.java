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
        return memory.report(options.clients(), ok.get(), (lastNanos - firstNanos) / 1e9, options.client());
    }

    @Override
    public String unit() {
        return "logins";
    }
}
