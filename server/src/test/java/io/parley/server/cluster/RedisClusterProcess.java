package io.parley.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real 3-master Redis Cluster on free loopback ports for tests: three {@code redis-server
 * --cluster-enabled yes}, joined by {@code redis-cli --cluster create … --cluster-replicas 0}. Each
 * master keeps an append-only file (fsync always) and its cluster config in its own directory, so
 * {@link #restartMaster} brings a master back with its data and its place in the cluster.
 */
public final class RedisClusterProcess implements AutoCloseable {
    private static final int MASTERS = 3;
    private final List<RedisProcess> masters = new ArrayList<>();

    public RedisClusterProcess() throws IOException {
        for (int i = 0; i < MASTERS; i++) {
            Path dir = Files.createTempDirectory("redis-cluster-" + i);
            // the bus port would default to port + 10000, past 65535 for a high ephemeral port
            masters.add(new RedisProcess("--cluster-enabled", "yes", "--cluster-port", String.valueOf(RedisProcess.freePort()),
                    "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                    "--cluster-node-timeout", "1000", "--dir", dir.toString(), "--appendonly", "yes",
                    "--appendfsync", "always"));
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        masters.forEach(m -> create.add("127.0.0.1:" + m.port()));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path log = Files.createTempFile("redis-cluster-create", ".log");
        Process p = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("redis-cli --cluster create failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        awaitOk();
    }

    /** Seed URIs, one per master (a client needs any one of them). */
    public List<String> seeds() {
        return masters.stream().map(RedisProcess::uri).toList();
    }

    /** The same, as {@code --redis-cluster} takes them. */
    public String seedList() {
        return String.join(",", masters.stream().map(m -> "127.0.0.1:" + m.port()).toList());
    }

    /** The index of the master that owns {@code key}'s hash slot (also a sharded channel's: same hashing). */
    public int masterOf(String key) throws IOException {
        for (int i = 0; i < masters.size(); i++) {
            try (Socket s = new Socket("127.0.0.1", masters.get(i).port())) {
                s.setSoTimeout(2000);
                byte[] k = key.getBytes(StandardCharsets.UTF_8);
                String cmd = "*2\r\n$6\r\nEXISTS\r\n$" + k.length + "\r\n" + key + "\r\n";
                s.getOutputStream().write(cmd.getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                byte[] b = new byte[256];
                int n = s.getInputStream().read(b);
                if (n > 0 && b[0] == ':') { // answered here; other masters answer -MOVED
                    return i;
                }
            }
        }
        throw new IOException("no master owns " + key);
    }

    /** SIGKILLs one master (its slots become unavailable; the cluster reports fail). */
    public void killMaster(int index) throws InterruptedException {
        masters.get(index).stop();
    }

    /** Starts a killed master again on its port, with its append-only file and cluster config. */
    public void startMaster(int index) throws IOException {
        masters.get(index).start();
        awaitOk();
    }

    public void restartMaster(int index) throws IOException, InterruptedException {
        killMaster(index);
        startMaster(index);
    }

    /** Every master closes its pub/sub connections (their subscriptions go with them) and stays up. */
    public void dropPubSubConnections() throws IOException {
        for (RedisProcess m : masters) {
            m.dropPubSubConnections();
        }
    }

    /** Waits until every master reports {@code cluster_state:ok}. */
    public void awaitOk() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (masters.stream().allMatch(m -> clusterInfo(m.port()).contains("cluster_state:ok"))) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50); // polling processes we do not control
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("the Redis Cluster did not reach cluster_state:ok within 60 s");
    }

    private static String clusterInfo(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            s.getOutputStream().write("CLUSTER INFO\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] b = new byte[4096];
            int n = in.read(b);
            return n <= 0 ? "" : new String(b, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    /** Sum over the masters of {@code calls} of one command (see {@link RedisProcess#calls}). */
    public long calls(String command) throws IOException {
        long sum = 0;
        for (RedisProcess m : masters) {
            sum += m.calls(command);
        }
        return sum;
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisProcess m : masters) {
            m.stop();
        }
    }
}
