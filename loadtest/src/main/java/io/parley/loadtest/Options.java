package io.parley.loadtest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options: {@code SCENARIO [--name value]...}. Defaults follow the shared bench
 * definitions (pairs 50, window 16, size 100, members 500, rate 200, clients 1000, warm-up 3 s,
 * duration 10 s).
 */
record Options(String scenario, List<String> servers, boolean embedded, String appId, String appCertificate,
               int pairs, int window, int size, int members, int rate, int clients, int concurrency,
               Duration warmup, Duration duration, String jsonFile, long serverPid, double maxErrorsPct,
               boolean progress, boolean spread, String client, int sourceAddresses, int warmupClients,
               int msgRate, Duration hold) {
    static final Set<String> SCENARIOS = Set.of("p2p", "p2p-sync", "fanout", "connect", "invite", "mixed", "storm");
    private static final Set<String> FLAGS = Set.of("server", "embedded", "app-id", "app-certificate", "pairs", "window",
            "size", "members", "rate", "clients", "concurrency", "warmup", "duration", "json", "server-pid",
            "max-errors-pct", "quiet", "spread", "client", "source-addresses", "warmup-clients", "msg-rate", "hold");

    /** Scenarios that can run on raw-protocol clients ({@code --client raw}). */
    static final Set<String> RAW_SCENARIOS = Set.of("p2p", "p2p-sync", "fanout", "connect");

    /** With {@code --msg-rate}, the in-flight cap per sender unless {@code --window} says otherwise (under the server's 1,000 unacked per recipient). */
    static final int PACED_WINDOW = 512;

    /** {@code --rate max}: the fan-out publisher sends as fast as the server accepts. */
    static final int RATE_MAX = -1;

    static Options parse(String[] args) {
        if (args.length == 0 || !SCENARIOS.contains(args[0])) {
            throw new IllegalArgumentException("first argument must be a scenario: " + SCENARIOS);
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException(a + ": unexpected argument");
            }
            String name = a.substring(2);
            String value = "true";
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (!name.equals("embedded") && !name.equals("quiet") && !name.equals("spread")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + ": needs a value");
                }
                value = args[++i];
            }
            if (!FLAGS.contains(name)) {
                throw new IllegalArgumentException("--" + name + ": unknown option");
            }
            m.put(name, value);
        }
        String scenario = args[0];
        boolean embedded = m.containsKey("embedded");
        if (!embedded && !m.containsKey("server")) {
            throw new IllegalArgumentException("--server host:port[,host:port] or --embedded is required");
        }
        String rate = m.getOrDefault("rate", "200");
        String client = m.getOrDefault("client", "sdk");
        if (!client.equals("sdk") && !client.equals("raw") && !client.equals("ws") && !client.equals("relay")) {
            throw new IllegalArgumentException("--client: sdk, raw, ws or relay");
        }
        if (client.equals("relay") && !scenario.startsWith("p2p") && !scenario.equals("fanout")) {
            throw new IllegalArgumentException("--client relay: only for p2p, p2p-sync and fanout");
        }
        int msgRate = integer(m, "msg-rate", 0);
        if (msgRate > 0 && (client.equals("sdk") || !scenario.equals("p2p"))) {
            throw new IllegalArgumentException("--msg-rate: only for p2p with --client raw, ws or relay");
        }
        if (!client.equals("sdk") && !RAW_SCENARIOS.contains(scenario)) {
            throw new IllegalArgumentException("--client " + client + ": only for " + RAW_SCENARIOS);
        }
        int sourceAddresses = integer(m, "source-addresses", 0);
        if (sourceAddresses > 0 && client.equals("sdk")) {
            throw new IllegalArgumentException("--source-addresses: only with --client raw or ws");
        }
        if (sourceAddresses > 250 * 256) {
            throw new IllegalArgumentException("--source-addresses: at most " + 250 * 256 + " (127.0.0.0/8)");
        }
        int window = scenario.equals("p2p-sync") ? 1 : integer(m, "window", msgRate > 0 ? PACED_WINDOW : 16);
        return new Options(scenario, embedded ? List.of() : List.of(m.get("server").split(",")), embedded,
                m.getOrDefault("app-id", "loadtest-app"), m.get("app-certificate"),
                integer(m, "pairs", 50), window,
                integer(m, "size", 100), integer(m, "members", 500),
                rate.equals("max") ? RATE_MAX : Integer.parseInt(rate), integer(m, "clients", 1000),
                integer(m, "concurrency", 200), seconds(m, "warmup", 3), seconds(m, "duration", 10),
                m.get("json"), Long.parseLong(m.getOrDefault("server-pid", "0")),
                Double.parseDouble(m.getOrDefault("max-errors-pct", "1.0")), !m.containsKey("quiet"),
                m.containsKey("spread"), client, sourceAddresses, integer(m, "warmup-clients", 0), msgRate,
                seconds(m, "hold", 0));
    }

    /** Lean protocol clients ({@code raw} over TCP, {@code ws} over WebSocket) rather than the SDK. */
    boolean rawClient() {
        return !client.equals("sdk");
    }

    /** {@code --client ws}: the lean client over the WebSocket endpoint. */
    boolean webSocket() {
        return client.equals("ws");
    }

    private static int integer(Map<String, String> m, String k, int def) {
        try {
            int v = Integer.parseInt(m.getOrDefault(k, String.valueOf(def)));
            if (v < 0) {
                throw new IllegalArgumentException("--" + k + ": must not be negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + k + ": not a number");
        }
    }

    private static Duration seconds(Map<String, String> m, String k, double def) {
        try {
            return Duration.ofMillis((long) (Double.parseDouble(m.getOrDefault(k, String.valueOf(def))) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + k + ": not a number of seconds");
        }
    }
}
