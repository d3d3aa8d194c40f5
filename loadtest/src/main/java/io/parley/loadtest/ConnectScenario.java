package io.parley.loadtest;

import io.parley.rtm.RtmClient;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code connect}: N clients log in (at most {@code --concurrency} logins outstanding) and stay
 * idle. Reports logins/s and, with {@code --server-pid}, the server's RSS per connection and (for a
 * JVM server) its live heap per connection after a full GC before and after, as the shared bench does.
 */
final class ConnectScenario implements Scenario {
    private static final String CLIENT = "sdk";
    private final AtomicLong ok = new AtomicLong();
    private Target target;
    private Options options;
    private Stats stats;
    private ServerMemoryProbe memory;
    private long firstNanos;
    private long lastNanos;

    @Override
    public void setUp(Target t, Options o, Stats s) {
        this.target = t;
        this.options = o;
        this.stats = s;
        this.memory = ServerMemoryProbe.before(o.serverPid());
    }

    @Override
    public void start() throws Exception {
        Semaphore window = new Semaphore(Math.max(1, options.concurrency()));
        firstNanos = System.nanoTime();
        for (int i = 0; i < options.clients(); i++) {
            window.acquire();
            String user = "conn-" + i;
            RtmClient c = target.client(Listeners.quiet());
            long start = System.nanoTime();
            stats.sent.increment();
            c.login(target.token(user), user, Listeners.then(err -> {
                if (err == null) {
                    ok.incrementAndGet();
                    stats.ok(System.nanoTime() - start);
                    lastNanos = System.nanoTime();
                } else {
                    stats.error(err);
                }
                window.release(); // last: start() returns once every login is recorded
            }));
        }
        window.acquire(Math.max(1, options.concurrency()));
    }

    @Override
    public void stop() {
    }

    @Override
    public Map<String, Object> drain() throws Exception {
        return memory.report(options.clients(), ok.get(), (lastNanos - firstNanos) / 1e9, CLIENT);
    }

    @Override
    public String unit() {
        return "logins";
    }
}
