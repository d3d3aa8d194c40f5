package io.parley.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The connect scenarios' report: logins/s and, with {@code --server-pid}, the server's RSS (right
 * after the logins, and after a full GC, which tells the connect storm's garbage apart from what
 * the connections keep) and live heap (after a full GC) per connection, as the shared bench
 * measures them, read before the logins and after them.
 */
final class ServerMemoryProbe {
    private final long pid;
    private final long rssBefore;
    private final long heapBefore;

    private ServerMemoryProbe(long pid) {
        this.pid = pid;
        this.heapBefore = ServerHeap.liveKibAfterGc(pid);
        this.rssBefore = pid > 0 ? ProcFs.rssKib(pid) : -1;
    }

    /** Reads the server's memory now (pid ≤ 0: nothing to read). */
    static ServerMemoryProbe before(long pid) {
        return new ServerMemoryProbe(pid);
    }

    /** Settles, reads the memory again and reports {@code ok} logins out of {@code conns} over {@code seconds}. */
    Map<String, Object> report(int conns, long ok, double seconds, String client) throws InterruptedException {
        TimeUnit.SECONDS.sleep(3); // settle before reading the server's memory (CLI, not a test)
        long rssAfter = pid > 0 ? ProcFs.rssKib(pid) : -1;
        long heapAfter = heapBefore >= 0 ? ServerHeap.liveKibAfterGc(pid) : -1;
        // after the full GC: the connect storm's garbage told apart from what the connections keep,
        // as the shared bench's kib_per_conn_after_gc
        long rssAfterGc = heapAfter >= 0 && pid > 0 ? ProcFs.rssKib(pid) : -1;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("conns", conns);
        r.put("conns_ok", ok);
        r.put("conns_per_s", Math.round(ok / Math.max(1e-9, seconds)));
        r.put("client", client);
        r.put("kib_per_conn", rssBefore > 0 && rssAfter > 0 && ok > 0 ? perConn(rssAfter - rssBefore, ok) : "n/a");
        r.put("kib_per_conn_after_gc", rssBefore > 0 && rssAfterGc > 0 && ok > 0 ? perConn(rssAfterGc - rssBefore, ok)
                : "n/a");
        r.put("heap_kib_per_conn", heapBefore >= 0 && heapAfter >= 0 && ok > 0 ? perConn(heapAfter - heapBefore, ok) : "n/a");
        return r;
    }

    private static double perConn(long kib, long conns) {
        return Math.round(kib * 100.0 / conns) / 100.0;
    }
}
