package io.parley.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code java -jar parley-loadtest.jar SCENARIO [options]} — see {@link #USAGE}. Prints a progress
 * line every second (stderr), then the report as a table and as one JSON line (stdout), and
 * writes the JSON to {@code --json FILE}. Exit code 1 if errors exceed {@code --max-errors-pct}
 * of the operations sent, 2 for bad arguments.
 */
public final class Main {
    static final String USAGE = """
            usage: java -jar parley-loadtest.jar SCENARIO (--server HOST:PORT[,...] | --embedded) [options]
              scenarios: p2p  p2p-sync  fanout  connect  invite  mixed  storm
              --app-id ID --app-certificate CERT   mint 007 tokens (omit the certificate for token-less apps)
              --pairs 50 --window 16 --size 100    p2p / p2p-sync (window 1) / invite (pairs)
              --members 500 --rate 200|max         fanout
              --clients 1000 --concurrency 200     connect / mixed / storm (clients)
              storm                                SDK clients log in, then wait (--duration) for the server to be
                                                   restarted; reports the time until all are back, the peak
                                                   logins/s the restart causes, and clients that gave up
              --warmup 3 --duration 10             seconds
              --server-pid PID                     read the server's CPU and memory from /proc (local server)
              --spread                             client k starts at server k mod n (p2p: every message crosses nodes)
              --client sdk|raw|ws                  raw/ws: p2p, p2p-sync, fanout, connect over a lean protocol client,
                                                   on TCP (raw) or the WebSocket endpoint (ws; --server ws://host:9601/rtm)
                                                   (measures the server; sdk measures what an app would see)
              --source-addresses N                 raw/ws: connect from N loopback addresses (127.0.x.y), each
                                                   good for ~28,000 ephemeral ports, so one machine can open
                                                   100,000 connections to a server on 127.x
              --hold S                             raw/ws connect: keep the sessions S seconds at rest, report the
                                                   server's CPU meanwhile, then check that presence queries and
                                                   peer messages between them still answer (and how fast)
              --warmup-clients N                   raw/ws connect: N other users log in and out first, so the
                                                   logins measured run on a warm (JIT-compiled) server
              --msg-rate R                         p2p, raw/ws/relay: offer R messages/s in all (paced, 1 ms ticks) instead
                                                   of a closed window; latency counts from when a message was due, and
                                                   --window (default 512 then) caps what each sender has in flight
              --client relay                       p2p, or fanout at a fixed --rate, against the shared bench's baseline
                                                   relay (../shared/bench, target relay), for latency beside Parley's
                                                   at the same offered rate
              --json FILE  --max-errors-pct 1.0  --quiet""";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("parley-loadtest: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Report r = run(o);
        System.out.print(r.table());
        System.out.println(r.json());
        if (o.jsonFile() != null) {
            Files.writeString(Path.of(o.jsonFile()), r.json() + "\n");
        }
        System.exit(Boolean.TRUE.equals(r.get("failed")) ? 1 : 0);
    }

    /** Runs one scenario and returns its report (used by the tests too). */
    static Report run(Options o) throws Exception {
        Scenario scenario = switch (o.scenario()) {
            case "p2p", "p2p-sync" -> o.client().equals("relay") ? new RelayP2pScenario()
                    : o.rawClient() ? new RawP2pScenario() : new P2pScenario();
            case "fanout" -> o.client().equals("relay") ? new RelayFanoutScenario()
                    : o.rawClient() ? new RawFanoutScenario() : new FanoutScenario();
            case "connect" -> o.rawClient() ? new RawConnectScenario() : new ConnectScenario();
            case "invite" -> new InviteScenario();
            case "mixed" -> new MixedScenario();
            case "storm" -> new StormScenario();
            default -> throw new IllegalArgumentException(o.scenario());
        };
        Stats stats = new Stats();
        try (Target target = new Target(o)) {
            scenario.setUp(target, o, stats);
            long cpuServer0;
            long cpuSelf0;
            long t0;
            if (scenario instanceof ConnectScenario || scenario instanceof RawConnectScenario
                    || scenario instanceof StormScenario) {
                stats.measuring.set(true);
                cpuServer0 = ProcFs.cpuTicks(o.serverPid());
                cpuSelf0 = ProcFs.cpuTicks(0);
                t0 = System.nanoTime();
                scenario.start();
            } else {
                scenario.start();
                progress(o, stats, o.warmup().toMillis(), "warm-up");
                stats.resetWindow();
                stats.measuring.set(true);
                cpuServer0 = ProcFs.cpuTicks(o.serverPid());
                cpuSelf0 = ProcFs.cpuTicks(0);
                t0 = System.nanoTime();
                progress(o, stats, o.duration().toMillis(), "measure");
            }
            stats.measuring.set(false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpuServer1 = ProcFs.cpuTicks(o.serverPid());
            long cpuSelf1 = ProcFs.cpuTicks(0);
            scenario.stop();
            Map<String, Object> extra = scenario.drain();
            long done = stats.completed.sum();
            Histogram h = stats.total();
            Report r = new Report().put("scenario", o.scenario()).put("target", o.embedded() ? "embedded" : String.join(",", o.servers()));
            extra.forEach(r::put);
            String unit = scenario.unit();
            String doneKey = switch (unit) {
                case "msgs" -> "acked_msgs";
                case "deliveries" -> "deliveries";
                default -> unit;
            };
            if (!extra.containsKey(doneKey)) {
                r.put(doneKey, done);
            }
            r.put(unit.equals("msgs") ? "msgs_per_s" : unit + "_per_s", Math.round(done / Math.max(seconds, 1e-9)));
            r.put("window_s", Math.round(seconds * 100) / 100.0);
            r.put("latency_us", Report.latency(h));
            long errors = stats.errorCount();
            r.put("errors", errors).put("errors_by_code", stats.errorsByCode());
            boolean serverCpu = o.serverPid() > 0 && cpuServer0 >= 0 && cpuServer1 >= 0;
            if (serverCpu) {
                double us = (cpuServer1 - cpuServer0) * 10_000.0;
                r.put("server_cpu_pct", Math.round(us / (seconds * 1e6) * 100));
                r.put("server_cpu_us_per_" + (unit.equals("msgs") ? "msg" : unit.equals("deliveries") ? "delivery"
                        : unit.equals("logins") ? "conn" : "op"), done == 0 ? "n/a" : Math.round(us / done * 100) / 100.0);
            }
            r.put("generator_cpu_pct", Math.round((cpuSelf1 - cpuSelf0) * 10_000.0 / (seconds * 1e6) * 100)
                    - (o.embedded() ? 0 : 0));
            if (o.embedded()) {
                r.put("note", "embedded: server and generator share this JVM; generator_cpu_pct includes the server");
            }
            long sent = Math.max(1, stats.sent.sum());
            r.put("failed", errors * 100.0 / sent > o.maxErrorsPct() || Boolean.TRUE.equals(extra.get("failed")));
            return r;
        }
    }

    private static void progress(Options o, Stats stats, long millis, String phase) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long lastDone = stats.completed.sum();
        while (System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            Histogram h = stats.interval();
            long done = stats.completed.sum();
            if (o.progress()) {
                System.err.printf("[%s] %,d/s  p50 %,d us  p99 %,d us  errors %,d%n", phase, done - lastDone,
                        h.getValueAtPercentile(50) / 1000, h.getValueAtPercentile(99) / 1000, stats.errorCount());
            }
            lastDone = done;
        }
    }
}
