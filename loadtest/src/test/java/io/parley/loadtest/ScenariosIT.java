package io.parley.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every scenario runs briefly against an embedded server; the report's numbers must add up. */
class ScenariosIT {
    private static Report run(String... args) throws Exception {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--embedded", "--warmup", "0.5", "--duration", "1", "--quiet"}, 0, all, args.length, 6);
        return Main.run(Options.parse(all));
    }

    private static long num(Report r, String k) {
        return ((Number) r.get(k)).longValue();
    }

    private static void noErrors(Report r) {
        assertThat(num(r, "errors")).isZero();
        assertThat(r.get("failed")).isEqualTo(false);
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) r.get("latency_us");
        assertThat(((Number) latency.get("p50")).longValue()).isPositive();
        assertThat(((Number) latency.get("max")).longValue()).isGreaterThanOrEqualTo(((Number) latency.get("p99")).longValue());
    }

    @Test
    void p2p_acksAreCountedAndDrained() throws Exception {
        Report r = run("p2p", "--pairs", "5", "--window", "4");
        noErrors(r);
        assertThat(num(r, "acked_msgs")).isPositive();
        assertThat(num(r, "unacked_after_drain")).isZero();
        assertThat(num(r, "msgs_per_s")).isCloseTo(Math.round(num(r, "acked_msgs") / (Double) r.get("window_s")),
                org.assertj.core.data.Offset.offset(num(r, "msgs_per_s") / 10 + 1));
        assertThat(r.json()).contains("\"acked_msgs\":").contains("\"latency_us\":{\"p50\":");
    }

    @Test
    void p2pSync_usesWindowOne() throws Exception {
        Report r = run("p2p-sync", "--pairs", "3");
        noErrors(r);
        assertThat(num(r, "window")).isEqualTo(1);
    }

    @Test
    void fanout_fixedRate_deliversEveryMessageToEveryMember() throws Exception {
        Report r = run("fanout", "--members", "20", "--rate", "50");
        noErrors(r);
        assertThat(num(r, "lost")).isZero();
        assertThat(num(r, "deliveries")).isEqualTo(num(r, "published") * 20).isPositive();
    }

    @Test
    void fanout_rateMax_isClosedLoop() throws Exception {
        Report r = run("fanout", "--members", "10", "--rate", "max");
        noErrors(r);
        assertThat(num(r, "lost")).isZero();
        assertThat(r.get("rate")).isEqualTo("max");
    }

    @Test
    void connect_logsEveryClientIn() throws Exception {
        Report r = run("connect", "--clients", "200", "--concurrency", "50");
        noErrors(r);
        assertThat(num(r, "conns_ok")).isEqualTo(200);
        assertThat(num(r, "logins")).isEqualTo(200);
    }

    @Test
    void rawP2p_acksAreCountedAndDrained() throws Exception {
        Report r = run("p2p", "--client", "raw", "--pairs", "5", "--window", "4");
        noErrors(r);
        assertThat(r.get("client")).isEqualTo("raw");
        assertThat(num(r, "acked_msgs")).isPositive();
        assertThat(num(r, "unacked_after_drain")).isZero();
        assertThat(num(r, "msgs_per_s")).isCloseTo(Math.round(num(r, "acked_msgs") / (Double) r.get("window_s")),
                org.assertj.core.data.Offset.offset(num(r, "msgs_per_s") / 10 + 1));
    }

    @Test
    void rawP2p_pacedAtAMessageRate_offersThatRate() throws Exception {
        Report r = run("p2p", "--client", "raw", "--pairs", "4", "--msg-rate", "2000");
        noErrors(r);
        assertThat(num(r, "offered_msgs_per_s")).isEqualTo(2000);
        assertThat(num(r, "window")).isEqualTo(Options.PACED_WINDOW);
        assertThat(num(r, "unacked_after_drain")).isZero();
        // paced, not closed-loop: about the offered rate, far below what 4 pairs reach unpaced
        assertThat(num(r, "msgs_per_s")).isBetween(1_500L, 2_500L);
    }

    @Test
    void rawConnect_afterWarmupClients_measuresOnlyItsOwnLogins() throws Exception {
        Report r = run("connect", "--client", "raw", "--clients", "100", "--concurrency", "20",
                "--warmup-clients", "150");
        noErrors(r);
        assertThat(num(r, "conns_ok")).isEqualTo(100);
        assertThat(num(r, "logins")).isEqualTo(100);
    }

    @Test
    void rawConnect_hold_reportsTheServerAtRest_andProbesAnswer() throws Exception {
        Report r = run("connect", "--client", "raw", "--clients", "40", "--concurrency", "20", "--hold", "0.5");
        noErrors(r);
        assertThat(num(r, "sessions_at_rest")).isEqualTo(40);
        assertThat(r.get("probe_presence_ok")).isEqualTo("100/100");
        assertThat(r.get("probe_peer_acked")).isEqualTo("100/100");
        assertThat(r.json()).contains("\"probe_latency_us\":{\"p50\":");
    }

    @Test
    void msgRate_andRelay_areRefusedWhereTheyDoNotApply() {
        assertThatThrownBy(() -> Options.parse(new String[] {"fanout", "--embedded", "--msg-rate", "10"}))
                .hasMessageContaining("--msg-rate");
        assertThatThrownBy(() -> Options.parse(new String[] {"p2p", "--embedded", "--msg-rate", "10"}))
                .hasMessageContaining("--msg-rate");
        assertThatThrownBy(() -> Options.parse(new String[] {"connect", "--server", "127.0.0.1:1", "--client", "relay"}))
                .hasMessageContaining("--client relay");
    }

    @Test
    void rawP2pSync_usesWindowOne() throws Exception {
        Report r = run("p2p-sync", "--client", "raw", "--pairs", "3");
        noErrors(r);
        assertThat(num(r, "window")).isEqualTo(1);
        assertThat(num(r, "acked_msgs")).isPositive();
    }

    @Test
    void rawFanout_deliversEveryMessageToEveryMember() throws Exception {
        Report r = run("fanout", "--client", "raw", "--members", "20", "--rate", "50");
        noErrors(r);
        assertThat(num(r, "lost")).isZero();
        assertThat(num(r, "deliveries")).isEqualTo(num(r, "published") * 20).isPositive();
    }

    @Test
    void rawFanout_rateMax_isClosedLoop() throws Exception {
        Report r = run("fanout", "--client", "raw", "--members", "10", "--rate", "max");
        noErrors(r);
        assertThat(num(r, "lost")).isZero();
        assertThat(num(r, "deliveries")).isEqualTo(num(r, "published") * 10).isPositive();
    }

    @Test
    void rawConnect_fromSeveralLoopbackAddresses_passesAPerAddressCapThatOneAddressHits() throws Exception {
        try (io.parley.server.ParleyServer server = new io.parley.server.ParleyServer(io.parley.server.config.ServerConfig
                .builder().host("127.0.0.1").port(0).httpPort(0)
                .dataDir(java.nio.file.Files.createTempDirectory("parley-sources")).loginsPerSecond(10_000)
                .maxConnectionsPerAddress(10).build()).start()) {
            String[] common = {"--server", "127.0.0.1:" + server.port(), "--client", "raw", "--clients", "30",
                    "--concurrency", "10", "--warmup", "0.5", "--duration", "1", "--quiet", "--max-errors-pct", "100"};
            Report spread = Main.run(Options.parse(concat(new String[] {"connect", "--source-addresses", "3"}, common)));
            assertThat(num(spread, "conns_ok")).as("10 from each of 127.0.0.1-3").isEqualTo(30);
            Report single = Main.run(Options.parse(concat(new String[] {"connect"}, common)));
            assertThat(num(single, "errors")).as("the cap refuses what one address opens past 10").isPositive();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void rawConnect_logsEveryClientIn() throws Exception {
        Report r = run("connect", "--client", "raw", "--clients", "300", "--concurrency", "50");
        noErrors(r);
        assertThat(num(r, "conns_ok")).isEqualTo(300);
        assertThat(num(r, "logins")).isEqualTo(300);
    }

    @Test
    void wsP2p_overTheWebSocketEndpoint_acksAreCountedAndDrained() throws Exception {
        Report r = run("p2p", "--client", "ws", "--pairs", "5", "--window", "4");
        noErrors(r);
        assertThat(r.get("client")).isEqualTo("ws");
        assertThat(num(r, "acked_msgs")).isPositive();
        assertThat(num(r, "unacked_after_drain")).isZero();
    }

    @Test
    void wsFanout_deliversEveryMessageToEveryMember() throws Exception {
        Report r = run("fanout", "--client", "ws", "--members", "20", "--rate", "50");
        noErrors(r);
        assertThat(r.get("client")).isEqualTo("ws");
        assertThat(num(r, "lost")).isZero();
        assertThat(num(r, "deliveries")).isEqualTo(num(r, "published") * 20).isPositive();
    }

    @Test
    void wsConnect_logsEveryClientIn() throws Exception {
        Report r = run("connect", "--client", "ws", "--clients", "200", "--concurrency", "50");
        noErrors(r);
        assertThat(r.get("client")).isEqualTo("ws");
        assertThat(num(r, "conns_ok")).isEqualTo(200);
        assertThat(num(r, "logins")).isEqualTo(200);
    }

    @Test
    void rawClient_isRefusedForScenariosItDoesNotSpeak() {
        assertThatThrownBy(() -> Options.parse(new String[] {"invite", "--embedded", "--client", "raw"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--client raw");
        assertThatThrownBy(() -> Options.parse(new String[] {"p2p", "--embedded", "--client", "fast"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--client");
    }

    @Test
    void invite_roundTripsComplete() throws Exception {
        Report r = run("invite", "--pairs", "3");
        noErrors(r);
        assertThat(num(r, "invites")).isPositive();
        assertThat(num(r, "unanswered_after_drain")).isZero();
    }

    @Test
    void mixed_everyPeerMessageIsAccountedFor() throws Exception {
        Report r = run("mixed", "--clients", "30");
        noErrors(r);
        assertThat(num(r, "peer_acked")).isPositive();
        assertThat(num(r, "peer_acked_not_received")).isZero();
        assertThat(num(r, "peer_acked_received_twice")).isZero();
        assertThat(num(r, "peer_cached_not_received")).isZero();
        assertThat(num(r, "peer_duplicates_shown")).isZero();
        assertThat(num(r, "unfinished_after_drain")).isZero();
    }

    @Test
    void badArguments_areRejectedWithAReason() {
        assertThatThrownBy(() -> Options.parse(new String[] {"nope"})).hasMessageContaining("scenario");
        assertThatThrownBy(() -> Options.parse(new String[] {"p2p"})).hasMessageContaining("--server");
        assertThatThrownBy(() -> Options.parse(new String[] {"p2p", "--embedded", "--pairs", "x"})).hasMessageContaining("--pairs");
        assertThatThrownBy(() -> Options.parse(new String[] {"p2p", "--embedded", "--bogus", "1"})).hasMessageContaining("--bogus");
    }
}
