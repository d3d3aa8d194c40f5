package io.parley.loadtest;

import static io.parley.loadtest.ServerProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Chaos soak of cluster mode: {@code mixed} spread over three node processes on one redis-server
 * (append-only file, fsync always). A third of the way through one node is SIGKILLed and started
 * again; at two thirds Redis is shut down and started again on its files. Clients reconnect by
 * themselves (to another node while theirs is down). Every peer message is accounted for by its id,
 * as in {@link SoakIT}: acked ⇒ received exactly once; CACHED_BY_SERVER ⇒ received at the recipient's
 * next login; failures only around the faults. CI runs {@code parley.cluster-soak.seconds} = 300;
 * longer: {@code -Dparley.cluster-soak.seconds=900 -Dit.test=ClusterSoakIT}.
 */
class ClusterSoakIT {
    private static final int NODES = 3;

    @Test
    void mixedLoadOnThreeNodes_survivesANodeKillAndARedisRestart_withEveryPeerMessageAccountedFor() throws Exception {
        int seconds = Integer.getInteger("parley.cluster-soak.seconds", 300);
        int clients = Integer.getInteger("parley.cluster-soak.clients", 90);
        int redisPort = freePort();
        Path redisDir = Files.createTempDirectory("parley-cluster-soak-redis");
        List<Process> processes = new ArrayList<>();
        Process[] redis = {startRedis(redisPort, redisDir)};
        int[] ports = new int[NODES];
        int[] http = new int[NODES];
        Path[] data = new Path[NODES];
        Process[] nodes = new Process[NODES];
        try {
            StringBuilder endpoints = new StringBuilder();
            for (int i = 0; i < NODES; i++) {
                ports[i] = freePort();
                http[i] = freePort();
                data[i] = Files.createTempDirectory("parley-cluster-soak-" + i);
                nodes[i] = startNode(i, ports[i], http[i], data[i], redisPort, 1);
                processes.add(nodes[i]);
                endpoints.append(i == 0 ? "" : ",").append("127.0.0.1:").append(ports[i]);
            }
            CompletableFuture<Void> faults = CompletableFuture.runAsync(() -> {
                try {
                    TimeUnit.SECONDS.sleep(2 + seconds / 3); // scheduled faults, not synchronisation
                    nodes[1].destroyForcibly(); // SIGKILL a node: its users come back on the others
                    if (!nodes[1].waitFor(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("node did not die on SIGKILL");
                    }
                    nodes[1] = startNode(1, ports[1], http[1], data[1], redisPort, 2);
                    processes.add(nodes[1]);
                    TimeUnit.SECONDS.sleep(seconds / 3);
                    shutdownRedis(redisPort, redis[0]); // saves and stops; nodes report not ready meanwhile
                    redis[0] = startRedis(redisPort, redisDir);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Report r = Main.run(Options.parse(new String[] {"mixed", "--server", endpoints.toString(), "--spread",
                    "--app-id", "soak-app", "--clients", String.valueOf(clients), "--warmup", "2",
                    "--duration", String.valueOf(seconds), "--max-errors-pct", "5", "--quiet"}));
            faults.join();
            Files.writeString(Path.of("target/cluster-soak-report.json"), r.json());
            System.out.printf("cluster soak: %s%n", r.json());

            ServerProcesses.assertEveryPeerMessageAccountedFor(r);
            for (int i = 0; i < NODES; i++) { // the killed node rejoined, and all came back after Redis did
                assertThat(ServerProcesses.ready(http[i])).as("node " + i + " ready at the end").isTrue();
            }
        } finally {
            ServerProcesses.stopAll(processes);
            ServerProcesses.stopAll(List.of(redis[0]));
        }
    }

    private static Process startNode(int i, int port, int http, Path data, int redisPort, int run) throws Exception {
        return ServerProcesses.start("cluster-soak-node-" + i + "-" + run, port, http, data,
                "--redis", "redis://127.0.0.1:" + redisPort, "--node-id", "soak-" + i);
    }

    private static Process startRedis(int port, Path dir) throws Exception {
        Process p = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "")
                .redirectErrorStream(true).redirectOutput(Path.of("target/cluster-soak-redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (ping(port)) {
                return p;
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling a process we do not control
        }
        throw new IllegalStateException("redis-server not answering");
    }

    private static boolean ping(int port) throws Exception {
        Process p = new ProcessBuilder("redis-cli", "-p", String.valueOf(port), "ping").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        return p.waitFor(5, TimeUnit.SECONDS) && out.equals("PONG");
    }

    private static void shutdownRedis(int port, Process redis) throws Exception {
        new ProcessBuilder("redis-cli", "-p", String.valueOf(port), "shutdown").redirectErrorStream(true).start()
                .waitFor(10, TimeUnit.SECONDS);
        if (!redis.waitFor(30, TimeUnit.SECONDS)) {
            redis.destroyForcibly();
        }
    }
}
