package io.parley.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The soaks' server processes: start one from the built jar and wait for /ready, read its metrics and heap. */
final class ServerProcesses {
    static final Path SERVER_JAR = Path.of(System.getProperty("parley.server.jar", "../server/target/parley-server.jar"));

    private ServerProcesses() {
    }

    /** Starts {@code parley-server.jar} on loopback with {@code extra} arguments; returns once /ready answers 200. */
    static Process start(String name, int port, int http, Path data, String... extra) throws Exception {
        return start(name, List.of(), port, http, data, extra);
    }

    /** Like {@link #start(String, int, int, Path, String...)} with options for the server's JVM. */
    static Process start(String name, List<String> jvm, int port, int http, Path data, String... extra) throws Exception {
        Path log = Path.of("target/" + name + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", SERVER_JAR.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--http-port", String.valueOf(http), "--data-dir", data.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitReady(p, http, log);
        return p;
    }

    /** Waits (up to 60 s) for /ready to answer 200. */
    static void awaitReady(Process p, int http, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited: " + Files.readString(log));
            }
            if (ready(http)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling a process we do not control
        }
        throw new IllegalStateException("server not ready within 60 s");
    }

    static boolean ready(int http) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/ready"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Heap in use right after a full GC (jcmd GC.run), read from /metrics. */
    static long heapAfterGc(Process server, int http) throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(server.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        assertThat(gc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return (long) metric(scrape(http), "jvm_memory_used_bytes", "area=\"heap\"");
    }

    static String scrape(int http) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a metric's series whose labels contain {@code labelPart}. */
    static double metric(String text, String name, String labelPart) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(text);
        while (m.find()) {
            if (m.group(1).contains(labelPart)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /**
     * The soaks' accounting of a {@code mixed} report: errors only around the faults (at most a tenth
     * of operations, or 100), and every peer message acked ⇒ received exactly once, CACHED_BY_SERVER ⇒
     * received, none left unfinished.
     */
    static void assertEveryPeerMessageAccountedFor(Report r) {
        long sent = num(r, "ops") + num(r, "errors");
        assertThat(num(r, "errors")).as("errors only around the faults: " + r.get("errors_by_code"))
                .isLessThanOrEqualTo(Math.max(100, sent / 10));
        assertThat(num(r, "peer_acked")).as("peer messages acked").isPositive();
        Object lost = r.get("peer_lost_detail"); // which, from whom to whom, when: to follow them in the node logs
        assertThat(num(r, "peer_acked_not_received")).as("acked but never received: " + lost).isZero();
        assertThat(num(r, "peer_acked_received_twice")).as("acked and shown to the app twice").isZero();
        assertThat(num(r, "peer_cached_not_received")).as("CACHED_BY_SERVER but never delivered: " + lost).isZero();
        assertThat(num(r, "unfinished_after_drain")).isZero();
    }

    static long num(Report r, String k) {
        return ((Number) r.get(k)).longValue();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops every process: SIGTERM, then SIGKILL after 20 s. */
    static void stopAll(List<Process> processes) throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
