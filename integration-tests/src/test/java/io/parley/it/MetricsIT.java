package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.ChannelRecorder;
import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmClient;
import io.parley.rtm.SendMessageOptions;
import io.parley.server.ParleyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /metrics scraped before and after real traffic: the counters move, and no id leaks into tags. */
class MetricsIT {
    private static final String APP = "metrics-app-7f3a";

    private static String scrape(ParleyServer s) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + s.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        return r.body();
    }

    /** Sum of the samples of {@code metric} whose labels contain {@code labelPart} (or all when null). */
    private static double value(String text, String metric, String labelPart) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        while (m.find()) {
            if (labelPart == null || (m.group(1) != null && m.group(1).contains(labelPart))) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Test
    void countersMoveWithTraffic_andTagsStayLowCardinality() throws Exception {
        ParleyServer server = Servers.start(Servers.config().app(APP).messagesPer3s(2).build());
        RtmClient alice = Servers.client(APP, new MessageRecorder(), Servers.clientConfig("127.0.0.1:" + server.port()).build());
        MessageRecorder bobRec = new MessageRecorder();
        RtmClient bob = Servers.client(APP, bobRec, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        RtmClient stranger = Servers.client("unknown-app-x", new MessageRecorder(),
                Servers.clientConfig("127.0.0.1:" + server.port()).build());
        try {
            String before = scrape(server);
            assertThat(value(before, "parley_sessions", null)).isZero();

            Result<Void> a = new Result<>();
            alice.login(null, "alice-user-91", a);
            assertThat(a.await()).isZero();
            Result<Void> b = new Result<>();
            bob.login(null, "bob-user-42", b);
            assertThat(b.await()).isZero();
            Result<Void> rejected = new Result<>();
            stranger.login(null, "carol-user-13", rejected);
            rejected.await();
            ChannelRecorder bobChannel = new ChannelRecorder();
            RtmChannel ba = bob.createChannel("room-secret-5", bobChannel);
            RtmChannel aa = alice.createChannel("room-secret-5", null);
            Result<Void> j1 = new Result<>();
            ba.join(j1);
            assertThat(j1.await()).isZero();
            Result<Void> j2 = new Result<>();
            aa.join(j2);
            assertThat(j2.await()).isZero();
            Result<Void> peer = new Result<>();
            alice.sendMessageToPeer("bob-user-42", alice.createMessage("hi"), new SendMessageOptions(), peer);
            assertThat(peer.await()).isZero();
            Result<Void> chan = new Result<>();
            aa.sendMessage(alice.createMessage("all"), new SendMessageOptions(), chan);
            assertThat(chan.await()).isZero();
            Result<Void> limited = new Result<>();
            alice.sendMessageToPeer("bob-user-42", alice.createMessage("over"), new SendMessageOptions(), limited);
            limited.await();
            await().atMost(Duration.ofSeconds(5)).until(() -> bobChannel.messages.size() == 1);

            String after = scrape(server);
            assertThat(value(after, "parley_sessions", null)).isEqualTo(2);
            assertThat(value(after, "parley_connections_open", null)).isGreaterThanOrEqualTo(2);
            assertThat(value(after, "parley_connections_opened_total", null)).isGreaterThanOrEqualTo(3);
            assertThat(value(after, "parley_logins_total", "result=\"OK\"")).isEqualTo(2);
            assertThat(value(after, "parley_logins_total", "result=\"INVALID_APP_ID\"")).isEqualTo(1);
            assertThat(value(after, "parley_peer_messages_total", "code=\"OK\"")).isEqualTo(1);
            assertThat(value(after, "parley_peer_messages_total", "code=\"TOO_OFTEN\"")).isEqualTo(1);
            assertThat(value(after, "parley_rate_limited_total", "operation=\"MESSAGE\"")).isEqualTo(1);
            assertThat(value(after, "parley_channel_messages_total", null)).isEqualTo(1);
            assertThat(value(after, "parley_deliveries_total", null)).isEqualTo(1);
            assertThat(value(after, "parley_peer_delivery_latency_seconds_count", null)).isEqualTo(1);
            assertThat(value(after, "parley_frames_in_total", "type=\"SEND_PEER_MESSAGE\"")).isEqualTo(2);
            assertThat(value(after, "parley_frames_out_total", "type=\"PEER_MESSAGE\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(after, "parley_frames_out_total", "type=\"CHANNEL_MESSAGE\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(after, "parley_channel_members", null)).isEqualTo(2);
            assertThat(value(after, "parley_channels", null)).isEqualTo(1);
            assertThat(after).contains("jvm_memory_used_bytes").contains("process_cpu_usage")
                    .contains("parley_netty_direct_memory_used");
            // never a user, channel or app id in the exposition
            assertThat(after).doesNotContain("alice-user-91", "bob-user-42", "carol-user-13", "room-secret-5", APP,
                    "unknown-app-x");
        } finally {
            alice.release();
            bob.release();
            stranger.release();
            server.close();
        }
    }
}
