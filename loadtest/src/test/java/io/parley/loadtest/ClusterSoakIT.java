package io.parley.loadtest;

import static io.parley.loadtest.ServerProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.cluster.RedisClusterProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chaos soak of cluster mode: {@code mixed} from {@code parley.cluster-soak.clients} SDK clients (300)
 * spread over three node processes on one redis-server
 * (append-only file, fsync always). A third of the way through one node is SIGKILLed and started
 * again; at two thirds Redis is shut down and started again on its files. Clients reconnect by
 * themselves (to another node while theirs is down). Every peer message is accounted for by its id,
 * as in {@link SoakIT}: acked ⇒ received exactly once; CACHED_BY_SERVER ⇒ received at the recipient's
 * next login; failures only around the faults.
 *
 * <p>On one redis-server for {@code parley.cluster-soak.seconds} (300 in CI; longer:
 * {@code -Dit.test=ClusterSoakIT -Dparley.cluster-soak.seconds=900}), then on a 3-master Redis Cluster
 * for {@code parley.cluster-soak.cluster-seconds} (120), where the Redis fault is one master SIGKILLed
 * and started again on its append-only file. {@code -Dparley.cluster-soak.redis=redis} (or
 * {@code redis-cluster}) runs one of them.
 */
class ClusterSoakIT {
    private static final int NODES = 3;

    /** Both unless {@code parley.cluster-soak.redis} names {@code redis} or {@code redis-cluster}. */
    static Stream<String> targets() {
        String only = System.getProperty("parley.cluster-soak.redis", "both");
        return Stream.of("redis", "redis-cluster").filter(t -> only.equals("both") || only.equals(t));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void mixedLoadOnThreeNodes_survivesANodeKillAndARedisRestart_withEveryPeerMessageAccountedFor(String target)
            throws Exception {
        boolean onCluster = target.equals("redis-cluster");
        int seconds = onCluster ? Integer.getInteger("parley.cluster-soak.cluster-seconds", 120)
                : Integer.getInteger("parley.cluster-soak.seconds", 300);
        int clients = Integer.getInteger("parley.cluster-soak.clients", 300);
        SharedRedis redis = onCluster ? new OnRedisCluster(new RedisClusterProcess()) : new OnRedis();
        List<Process> processes = new ArrayList<>();
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
                nodes[i] = startNode(target, i, ports[i], http[i], data[i], redis, 1);
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
                    nodes[1] = startNode(target, 1, ports[1], http[1], data[1], redis, 2);
                    processes.add(nodes[1]);
                    TimeUnit.SECONDS.sleep(seconds / 3);
                    redis.restart(); // nodes report not ready meanwhile
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Report r = Main.run(Options.parse(new String[] {"mixed", "--server", endpoints.toString(), "--spread",
                    "--app-id", "soak-app", "--clients", String.valueOf(clients), "--warmup", "2",
                    "--duration", String.valueOf(seconds), "--max-errors-pct", "5", "--quiet"}));
            faults.join();
            Files.writeString(Path.of("target/cluster-soak-" + target + "-report.json"), r.json());
            System.out.printf("cluster soak on %s: %s%n", target, r.json());

            ServerProcesses.assertEveryPeerMessageAccountedFor(r);
            for (int i = 0; i < NODES; i++) { // the killed node rejoined, and all came back after Redis did
                assertThat(ServerProcesses.ready(http[i])).as("node " + i + " ready at the end").isTrue();
            }
        } finally {
            ServerProcesses.stopAll(processes);
            redis.close();
        }
    }

    private static Process startNode(String target, int i, int port, int http, Path data, SharedRedis redis, int run)
            throws Exception {
        List<String> args = new ArrayList<>(redis.flags());
        args.addAll(List.of("--node-id", "soak-" + i));
        // offline stores, nudges and pushes of stored messages logged, to follow one the soak finds undelivered
        String logging = Path.of(ClusterSoakIT.class.getResource("/cluster-soak-logback.xml").toURI()).toString();
        return ServerProcesses.start("cluster-soak-" + target + "-node-" + i + "-" + run,
                List.of("-Dlogback.configurationFile=" + logging), port, http, data, args.toArray(String[]::new));
    }

    /** The Redis the nodes share, and its fault. */
    private interface SharedRedis {
        List<String> flags();

        void restart() throws Exception;

        void close() throws Exception;
    }

    /** One redis-server (append-only file, fsync always), shut down and started again on its files. */
    private static final class OnRedis implements SharedRedis {
        private final int port = freePort();
        private final Path dir = Files.createTempDirectory("parley-cluster-soak-redis");
        private Process process = startRedis(port, dir);

        OnRedis() throws Exception {
        }

        @Override
        public List<String> flags() {
            return List.of("--redis", "redis://127.0.0.1:" + port);
        }

        @Override
        public void restart() throws Exception {
            shutdownRedis(port, process); // saves and stops
            process = startRedis(port, dir);
        }

        @Override
        public void close() throws Exception {
            ServerProcesses.stopAll(List.of(process));
        }
    }

    /** A 3-master Redis Cluster; one master is SIGKILLed and started again on its append-only file. */
    private record OnRedisCluster(RedisClusterProcess cluster) implements SharedRedis {
        @Override
        public List<String> flags() {
            return List.of("--redis-cluster", cluster.seedList());
        }

        @Override
        public void restart() throws Exception {
            cluster.restartMaster(1);
        }

        @Override
        public void close() throws Exception {
            cluster.close();
        }
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
