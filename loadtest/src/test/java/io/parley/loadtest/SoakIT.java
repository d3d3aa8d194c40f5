package io.parley.loadtest;

import static io.parley.loadtest.ServerProcesses.freePort;
import static io.parley.loadtest.ServerProcesses.heapAfterGc;
import static io.parley.loadtest.ServerProcesses.metric;
import static io.parley.loadtest.ServerProcesses.scrape;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Soak: {@code mixed} against a server running in its own process, stopped with SIGTERM a third of
 * the way through and with SIGKILL at two thirds, each time restarted on the same ports and data.
 * Clients reconnect by themselves. Every peer message is accounted for by its id: acked ⇒ received
 * exactly once; CACHED_BY_SERVER ⇒ received (at the recipient's next login); failures only around
 * the faults, counted. The last server's heap after GC does not grow from just after the clients
 * came back to the end. CI runs {@code parley.soak.seconds} = 300; longer runs:
 * {@code -Dparley.soak.seconds=600 -Dit.test=SoakIT}.
 */
class SoakIT {
    @Test
    void mixedLoad_survivesASigtermAndASigkill_withEveryPeerMessageAccountedFor() throws Exception {
        int seconds = Integer.getInteger("parley.soak.seconds", 300);
        int clients = Integer.getInteger("parley.soak.clients", 100);
        int port = freePort();
        int http = freePort();
        Path data = Files.createTempDirectory("parley-soak");
        List<Process> processes = new ArrayList<>();
        processes.add(startServer(port, http, data, 1));
        try {
            long[] heap = new long[2];
            CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
                try {
                    TimeUnit.SECONDS.sleep(2 + seconds / 3); // scheduled faults, not synchronisation
                    Process first = processes.get(0);
                    first.destroy(); // SIGTERM: a graceful stop
                    if (!first.waitFor(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("server did not stop on SIGTERM");
                    }
                    Process second = startServer(port, http, data, 2);
                    processes.add(second);
                    TimeUnit.SECONDS.sleep(seconds / 3);
                    second.destroyForcibly(); // SIGKILL: no shutdown at all
                    if (!second.waitFor(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("server did not die on SIGKILL");
                    }
                    Process third = startServer(port, http, data, 3);
                    processes.add(third);
                    TimeUnit.SECONDS.sleep(Math.min(30, seconds / 6)); // clients come back and settle
                    heap[0] = heapAfterGc(third, http);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Report r = Main.run(Options.parse(new String[] {"mixed", "--server", "127.0.0.1:" + port, "--app-id", "soak-app",
                    "--clients", String.valueOf(clients), "--warmup", "2", "--duration", String.valueOf(seconds),
                    "--max-errors-pct", "5", "--quiet"}));
            restart.join();
            Process second = processes.get(processes.size() - 1);
            heap[1] = heapAfterGc(second, http);
            long peerOkOnSecond = (long) metric(scrape(http), "parley_peer_messages_total", "code=\"OK\"");
            Files.writeString(Path.of("target/soak-report.json"), r.json());
            System.out.printf("soak: %s%nsoak: heap after GC on the restarted server: %,d B after reconnect, %,d B at the end%n",
                    r.json(), heap[0], heap[1]);

            ServerProcesses.assertEveryPeerMessageAccountedFor(r);
            assertThat(peerOkOnSecond).as("traffic flowed after the restart").isPositive();
            assertThat(heap[1]).as("heap after GC").isLessThanOrEqualTo(heap[0] + 32L * 1024 * 1024);
        } finally {
            ServerProcesses.stopAll(processes);
        }
    }

    private static Process startServer(int port, int http, Path data, int n) throws Exception {
        return ServerProcesses.start("soak-server-" + n, port, http, data);
    }
}
