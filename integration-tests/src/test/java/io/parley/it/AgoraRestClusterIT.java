package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.it.support.ChannelRecorder;
import io.parley.it.support.MessageRecorder;
import io.parley.it.support.RestClient;
import io.parley.it.support.RestClient.Reply;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.SendMessageOptions;
import io.parley.server.ParleyServer;
import io.parley.server.cluster.RedisProcess;
import io.parley.server.config.RestConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agora's REST API on a two-node cluster sharing a real redis-server: a message sent through one
 * node reaches (and is acked by) a client on the other, every node's events land in one feed per
 * app, and history written through one node is read through the other.
 */
class AgoraRestClusterIT {
    private static final String APP = "rest-cluster-app";
    private static RedisProcess redis;
    private static final List<ParleyServer> nodes = new ArrayList<>();
    private final List<RtmClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        redis = new RedisProcess();
        for (int i = 1; i <= 2; i++) {
            nodes.add(Servers.start(Servers.config().redis(redis.uri()).nodeId("r" + i)
                    .rest(RestConfig.DEFAULTS.withCustomer(new RestConfig.Credentials("cid", "csecret"))).build()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> nodes.stream().allMatch(ParleyServer::isReady));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        nodes.forEach(ParleyServer::close);
        redis.close();
    }

    @AfterEach
    void releaseClients() {
        clients.forEach(RtmClient::release);
    }

    private RtmClient login(ParleyServer node, String user, RtmClientListener listener) {
        RtmClient c = Servers.client(APP, listener, Servers.clientConfig("127.0.0.1:" + node.port()).build());
        clients.add(c);
        Result<Void> r = new Result<>();
        c.login(null, user, r);
        assertThat(r.await()).as("login of " + user).isZero();
        return c;
    }

    private static RestClient rest(ParleyServer node) {
        return RestClient.basic(node.httpPort(), APP, "cid", "csecret");
    }

    @Test
    void messagesEventsAndHistory_crossNodes() {
        ParleyServer a = nodes.get(0);
        ParleyServer b = nodes.get(1);
        MessageRecorder onB = new MessageRecorder();
        RtmClient bob = login(b, "bob", onB);
        RtmChannel room = bob.createChannel("room", new ChannelRecorder());
        Result<Void> joined = new Result<>();
        room.join(joined);
        assertThat(joined.await()).isZero();

        // through node a, to bob on node b, acked by bob's SDK
        Reply sent = rest(a).post("rtm/users/backend/peer_messages?wait_for_ack=true",
                "{\"destination\":\"bob\",\"payload\":\"across\",\"enable_historical_messaging\":true}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.text("code")).isEqualTo("message_delivered");
        assertThat(onB.texts()).containsExactly("across");

        // bob (node b) sends with history; node a answers the query
        SendMessageOptions keep = new SendMessageOptions();
        keep.enableHistoricalMessaging = true;
        Result<Void> r = new Result<>();
        room.sendMessage(bob.createMessage("from b"), keep, r);
        assertThat(r.await()).isZero();
        String window = "\"start_time\":\"2000-01-01T00:00:00Z\",\"end_time\":\"2100-01-01T00:00:00Z\"";
        await().untilAsserted(() -> {
            Reply q = rest(a).post("rtm/message/history/query", "{\"filter\":{\"destination\":\"room\"," + window + "}}");
            Reply page = rest(b).get(q.text("location").substring(2)); // a handle made on a, read on b
            assertThat(page.json().path("messages")).extracting(m -> m.path("src").asText() + ":"
                    + m.path("payload").asText()).containsExactly("bob:from b");
        });
        Reply count = rest(b).get("rtm/message/history/count?destination=bob&start_time=2000-01-01T00:00:00Z"
                + "&end_time=2100-01-01T00:00:00Z");
        assertThat(count.json().path("count").asLong()).as(count.toString()).isEqualTo(1);

        // events of node b's sessions, read through node a, each once
        List<String> users = new CopyOnWriteArrayList<>();
        List<String> channels = new CopyOnWriteArrayList<>();
        await().untilAsserted(() -> {
            for (JsonNode e : rest(a).get("rtm/vendor/user_events").json().path("events")) {
                users.add(e.path("user_id").asText() + " " + e.path("type").asText());
            }
            for (JsonNode e : rest(b).get("rtm/vendor/channel_events").json().path("events")) {
                channels.add(e.path("group_id").asText() + " " + e.path("user_id").asText() + " "
                        + e.path("type").asText());
            }
            assertThat(users).contains("bob Login");
            assertThat(channels).contains("room bob Join");
        });
        assertThat(users).containsExactly("bob Login");
        assertThat(channels).containsExactly("room bob Join");
    }

    /** While Redis is away, calls that need it answer 503 `unavailable` (try again), not an internal error. */
    @Test
    void whileRedisIsAway_callsThatNeedItAnswer503() throws Exception {
        ParleyServer a = nodes.get(0);
        String count = "rtm/message/history/count?destination=bob&start_time=2000-01-01T00:00:00Z"
                + "&end_time=2100-01-01T00:00:00Z";
        redis.stop();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> rest(a).get("rtm/vendor/user_events").status() == 503);
            Reply events = rest(a).get("rtm/vendor/user_events");
            assertThat(events.text("code")).as(events.toString()).isEqualTo("unavailable");
            assertThat(events.text("message")).startsWith("Redis is unavailable, try again: ");
            Reply history = rest(a).get(count);
            assertThat(history.status()).as(history.toString()).isEqualTo(503);
            assertThat(history.text("code")).isEqualTo("unavailable");
        } finally {
            redis.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().allMatch(ParleyServer::isReady));
        assertThat(rest(a).get(count).status()).isEqualTo(200);
    }
}
