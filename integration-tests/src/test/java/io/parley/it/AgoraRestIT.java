package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.it.support.AdminClient;
import io.parley.it.support.ChannelRecorder;
import io.parley.it.support.FakeTime;
import io.parley.it.support.MessageRecorder;
import io.parley.it.support.RestClient;
import io.parley.it.support.RestClient.Reply;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.protocol.token.RtmTokenBuilder;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.SendMessageOptions;
import io.parley.server.ParleyServer;
import io.parley.server.config.AppConfig;
import io.parley.server.config.RestConfig;
import io.parley.server.config.ServerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Agora's RTM REST API over real HTTP against the real server, with real Java SDK clients on the
 * other end: messages (with {@code wait_for_ack}), the event feeds, message history across a
 * restart, authentication, rates and bad input.
 */
class AgoraRestIT {
    private static final String APP = Servers.APP_ID;
    private static final String OTHER_APP = "0ther0app0000000000000000000000a";
    private static final String CUSTOMER = "customer-id-1";
    private static final String CUSTOMER_SECRET = "customer-secret-1";
    private static final String WINDOW = "\"start_time\":\"2000-01-01T00:00:00Z\",\"end_time\":\"2100-01-01T00:00:00Z\"";

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private static ServerConfig.Builder config() {
        return Servers.config().app(new AppConfig(APP, List.of(Servers.CERT), 0))
                .app(new AppConfig(OTHER_APP, List.of(Servers.CERT2), 0))
                .rest(RestConfig.DEFAULTS.withCustomer(new RestConfig.Credentials(CUSTOMER, CUSTOMER_SECRET))
                        .withAppCustomer(OTHER_APP, new RestConfig.Credentials("other-customer", "other-secret-1")));
    }

    private ParleyServer start(ServerConfig.Builder b) {
        ParleyServer s = Servers.start(b.build());
        cleanup.add(s);
        return s;
    }

    private static String token(String user) {
        return RtmTokenBuilder.build007(APP, Servers.CERT, user, Instant.now().getEpochSecond(), 3600);
    }

    private static RestClient rest(ParleyServer s) {
        return RestClient.basic(s.httpPort(), APP, CUSTOMER, CUSTOMER_SECRET);
    }

    private RtmClient login(ParleyServer s, String user, RtmClientListener listener) {
        RtmClient c = Servers.client(APP, listener, Servers.clientConfig("127.0.0.1:" + s.port()).build());
        cleanup.add(c::release);
        Result<Void> r = new Result<>();
        c.login(token(user), user, r);
        assertThat(r.await()).as("login of " + user).isZero();
        return c;
    }

    private static RtmChannel join(RtmClient c, String channel, ChannelRecorder rec) {
        RtmChannel ch = c.createChannel(channel, rec);
        Result<Void> r = new Result<>();
        ch.join(r);
        assertThat(r.await()).isZero();
        return ch;
    }

    private static void ok(Reply r, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("result")).isEqualTo("success");
        assertThat(r.text("request_id")).isNotBlank();
        assertThat(r.text("code")).isEqualTo(code);
    }

    private static void failed(Reply r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.text("result")).isEqualTo("failed");
        assertThat(r.text("message")).isNotBlank();
    }

    // -------------------------------------------------------------------------------- messages

    @Test
    void peerMessage_waitForAck_isDeliveredOnlyOnceTheClientsCallbackReturned_withoutItAtOnce() {
        ParleyServer s = start(config());
        MessageRecorder bob = new MessageRecorder();
        login(s, "bob", bob);
        bob.hold(); // onMessageReceived blocks: the SDK acks only after it returns

        CompletableFuture<Reply> acked = rest(s).postAsync("rtm/users/backend/peer_messages?wait_for_ack=true",
                "{\"destination\":\"bob\",\"payload\":\"wait for me\"}");
        await().until(() -> bob.received.size() == 1);
        assertThat(acked).as("no answer while the recipient's callback runs").isNotDone();
        // without wait_for_ack the answer comes while the callback still blocks
        ok(rest(s).post("rtm/users/backend/peer_messages", "{\"destination\":\"bob\",\"payload\":\"fire\"}"),
                "message_sent");
        assertThat(acked).isNotDone();

        bob.release();
        ok(acked.join(), "message_delivered");
        await().until(() -> bob.received.size() == 2);
        assertThat(bob.received.get(0).from()).isEqualTo("backend");
        assertThat(bob.texts()).containsExactly("wait for me", "fire");
    }

    @Test
    void peerMessage_toAnOfflineUser_isMessageOffline_andWithOfflineMessagingReachesItAtLogin() {
        ParleyServer s = start(config());
        ok(rest(s).post("rtm/users/backend/peer_messages", "{\"destination\":\"dora\",\"payload\":\"lost\"}"),
                "message_offline");
        ok(rest(s).post("rtm/users/backend/peer_messages?wait_for_ack=true",
                "{\"destination\":\"dora\",\"payload\":\"kept\",\"enable_offline_messaging\":true}"), "message_offline");
        MessageRecorder dora = new MessageRecorder();
        login(s, "dora", dora);
        await().until(() -> dora.received.size() == 1);
        assertThat(dora.texts()).containsExactly("kept");
        assertThat(dora.received.get(0).message().isOfflineMessage()).isTrue();
    }

    @Test
    void channelMessage_reachesTheMembers_asSentByThePathsUser() {
        ParleyServer s = start(config());
        ChannelRecorder carol = new ChannelRecorder();
        join(login(s, "carol", new MessageRecorder()), "room", carol);
        ok(rest(s).post("rtm/users/announcer/channel_messages",
                "{\"channel_name\":\"room\",\"enable_historical_messaging\":false,\"payload\":\"hello room\"}"),
                "message_sent");
        await().until(() -> carol.messages.size() == 1);
        assertThat(carol.messages).containsExactly("announcer:hello room");
    }

    // -------------------------------------------------------------------------------------- auth

    @Test
    void authentication_basicAndToken_asAgoraHasThem() {
        ParleyServer s = start(config());
        int port = s.httpPort();
        String send = "{\"destination\":\"nobody\",\"payload\":\"x\"}";

        failed(RestClient.withHeaders(port, APP, Map.of()).post("rtm/users/a/peer_messages", send), 401);
        failed(RestClient.basic(port, APP, CUSTOMER, "wrong-secret").post("rtm/users/a/peer_messages", send), 401);
        failed(RestClient.basic(port, APP, "other-customer", "other-secret-1").post("rtm/users/a/peer_messages", send),
                403);
        ok(RestClient.basic(port, OTHER_APP, "other-customer", "other-secret-1")
                .post("rtm/users/a/peer_messages", send), "message_offline");

        RestClient asBob = RestClient.token(port, APP, token("bob"), "bob");
        ok(asBob.post("rtm/users/bob/peer_messages", send), "message_offline");
        failed(asBob.post("rtm/users/alice/peer_messages", send), 403);
        failed(RestClient.token(port, APP, token("alice"), "bob").post("rtm/users/bob/peer_messages", send), 401);
        failed(RestClient.token(port, APP, "006garbage", "bob").post("rtm/users/bob/peer_messages", send), 401);
        ok(RestClient.withHeaders(port, APP, Map.of("Authorization", "agora token=" + token("bob"), "x-agora-uid", "bob"))
                .post("rtm/users/bob/peer_messages", send), "message_offline");
        assertThat(asBob.get("rtm/vendor/user_events").status()).as("token auth reads the feeds too").isEqualTo(200);

        failed(RestClient.basic(port, "unknown0app", CUSTOMER, CUSTOMER_SECRET).get("rtm/vendor/user_events"), 404);
    }

    // ------------------------------------------------------------------------------------ events

    @Test
    void eventFeeds_showRealLoginsJoinsLeavesAndLogouts_once() {
        ParleyServer s = start(config());
        RtmClient bea = login(s, "bea", new MessageRecorder());
        RtmChannel lobby = join(bea, "lobby", new ChannelRecorder());
        Result<Void> left = new Result<>();
        lobby.leave(left);
        assertThat(left.await()).isZero();
        Result<Void> out = new Result<>();
        bea.logout(out);
        assertThat(out.await()).isZero();

        List<String> users = drainUntil(s, "user_events", "bea Logout");
        assertThat(users).containsExactly("bea Login", "bea Logout");
        List<String> channels = drainUntil(s, "channel_events", "lobby bea Leave");
        assertThat(channels).containsExactly("lobby bea Join", "lobby bea Leave");
        assertThat(rest(s).get("rtm/vendor/user_events").json().path("events")).as("consumed once").isEmpty();
        assertThat(rest(s).get("rtm/vendor/channel_events").json().path("events")).isEmpty();
    }

    @Test
    void eventFeeds_recordALostConnectionsSessionEnd_asLogoutAndLeave() {
        ParleyServer s = start(config().sessionTimeout(Duration.ofSeconds(1)).unreachableAfter(Duration.ofMillis(500)));
        RtmClient cy = login(s, "cy", new MessageRecorder());
        join(cy, "den", new ChannelRecorder());
        cy.release(); // no logout: the session ends when its timeout passes
        assertThat(drainUntil(s, "user_events", "cy Logout")).containsExactly("cy Login", "cy Logout");
        assertThat(drainUntil(s, "channel_events", "den cy Leave")).containsExactly("den cy Join", "den cy Leave");
    }

    /** Reads a feed until {@code last} has been seen; returns everything read, as "[group ]user type". */
    private static List<String> drainUntil(ParleyServer s, String feed, String last) {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Reply r = rest(s).get("rtm/vendor/" + feed);
            ok200(r);
            for (JsonNode e : r.json().path("events")) {
                assertThat(e.path("ms").asLong()).isPositive();
                String group = e.has("group_id") ? e.path("group_id").asText() + " " : "";
                seen.add(group + e.path("user_id").asText() + " " + e.path("type").asText());
            }
            assertThat(seen).contains(last);
        });
        return seen;
    }

    private static void ok200(Reply r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("result")).isEqualTo("success");
        assertThat(r.text("request_id")).isNotBlank();
    }

    // ----------------------------------------------------------------------------------- history

    @Test
    void history_keepsSdkAndRestMessages_inOrder_acrossARestart() {
        ServerConfig.Builder b = config().adminSecret("history-admin-secret-1");
        ParleyServer s = start(b);
        MessageRecorder bob = new MessageRecorder();
        login(s, "bob", bob);
        RtmClient alice = login(s, "alice", new MessageRecorder());
        ChannelRecorder bobRoom = new ChannelRecorder();
        RtmChannel aliceRoom = join(alice, "room", new ChannelRecorder());
        join(login(s, "bob2", new MessageRecorder()), "room", bobRoom);

        SendMessageOptions keep = new SendMessageOptions();
        keep.enableHistoricalMessaging = true;
        RtmMessage one = alice.createMessage("first, kept");
        Result<Void> r1 = new Result<>();
        alice.sendMessageToPeer("bob", one, keep, r1);
        assertThat(r1.await()).isZero();
        Result<Void> r2 = new Result<>();
        alice.sendMessageToPeer("bob", alice.createMessage("not kept"), new SendMessageOptions(), r2);
        assertThat(r2.await()).isZero();
        Result<Void> r3 = new Result<>();
        aliceRoom.sendMessage(alice.createMessage("to the room, kept"), keep, r3);
        assertThat(r3.await()).isZero();
        await().until(() -> bobRoom.messages.size() == 1);
        ok(rest(s).post("rtm/users/alice/peer_messages?wait_for_ack=true",
                "{\"destination\":\"bob\",\"payload\":\"rest, kept\",\"enable_historical_messaging\":true}"),
                "message_delivered");

        List<String> expected = List.of("alice bob peer_message first, kept", "alice room channel_message to the room, kept",
                "alice bob peer_message rest, kept");
        await().untilAsserted(() -> assertThat(query(s, "{\"filter\":{\"source\":\"alice\"," + WINDOW + "}}"))
                .containsExactlyElementsOf(expected));
        assertThat(count(s, "source=alice&start_time=2000-01-01T00:00:00Z&end_time=2100-01-01T00:00:00Z")).isEqualTo(3);

        s.close();
        ParleyServer again = start(b);
        assertThat(query(again, "{\"filter\":{\"source\":\"alice\",\"destination\":\"bob\"," + WINDOW
                + "},\"order\":\"desc\",\"limit\":20}")).containsExactly("alice bob peer_message rest, kept",
                "alice bob peer_message first, kept");
        assertThat(query(again, "{\"filter\":{\"destination\":\"room\"," + WINDOW + "},\"offset\":0}"))
                .containsExactly("alice room channel_message to the room, kept");
        assertThat(count(again, "destination=\"bob\"&start_time=2000-01-01T00:00:00Z&end_time=2100-01-01T00:00:00Z"))
                .as("Agora's example quotes the values").isEqualTo(2);

        // the same records through Parley's admin API
        AdminClient admin = new AdminClient(again.httpPort(), "history-admin-secret-1");
        AdminClient.Reply room = admin.get("apps/" + APP + "/channels/room/history");
        assertThat(room.status()).as(room.toString()).isEqualTo(200);
        assertThat(room.json().path("messages")).extracting(m -> m.path("from").asText() + ":" + m.path("text").asText()
                + ":" + m.path("type").asText()).containsExactly("alice:to the room, kept:channel");
        AdminClient.Reply toBob = admin.get("apps/" + APP + "/users/bob/history?order=asc&limit=1&offset=1");
        assertThat(toBob.json().path("messages")).extracting(m -> m.path("text").asText()).containsExactly("rest, kept");
        assertThat(admin.get("apps/" + APP + "/users/alice/history?direction=sent").json().path("messages")).hasSize(3);
        assertThat(admin.get("apps/" + APP + "/users/alice/history?limit=500").status()).isEqualTo(400);
    }

    private static List<String> query(ParleyServer s, String body) {
        Reply created = rest(s).post("rtm/message/history/query", body);
        ok200(created);
        String location = created.text("location");
        assertThat(location).startsWith("~/rtm/message/history/query/");
        Reply page = rest(s).get(location.substring(2));
        ok(page, "ok");
        List<String> out = new ArrayList<>();
        for (JsonNode m : page.json().path("messages")) {
            out.add(m.path("src").asText() + " " + m.path("dst").asText() + " " + m.path("message_type").asText() + " "
                    + m.path("payload").asText());
            assertThat(m.path("ms").asLong()).isPositive();
        }
        return out;
    }

    private static long count(ParleyServer s, String query) {
        Reply r = rest(s).get("rtm/message/history/count?" + query.replace("\"", "%22"));
        ok(r, "ok");
        return r.json().path("count").asLong();
    }

    @Test
    void historyHandles_expire_with410_andForeignHandlesAre404() {
        FakeTime time = new FakeTime();
        ParleyServer s;
        try {
            s = new ParleyServer(config().build(), time).start();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        cleanup.add(s);
        Reply created = rest(s).post("rtm/message/history/query", "{\"filter\":{\"destination\":\"bob\"," + WINDOW + "}}");
        String path = created.text("location").substring(2);
        ok(rest(s).get(path), "ok");
        failed(RestClient.basic(s.httpPort(), OTHER_APP, CUSTOMER, CUSTOMER_SECRET).get(path.replace(APP, OTHER_APP)),
                404);
        failed(rest(s).get("rtm/message/history/query/not-a-handle"), 404);
        time.advance(Duration.ofMinutes(11));
        failed(rest(s).get(path), 410);
    }

    // ------------------------------------------------------------------------- bad input, rates

    @Test
    void badInput_getsA4xxNamingTheProblem_andStoresNothing() {
        ParleyServer s = start(config());
        RestClient api = rest(s);
        String peer = "rtm/users/alice/peer_messages";
        failed(api.post(peer, "{not json"), 400);
        failed(api.post(peer, ""), 400);
        failed(api.post(peer, "{\"destination\":\"bob\",\"payload\":\"x\",\"enable_historical_messaging\":true,"
                + "\"surprise\":1}"), 400);
        failed(api.post(peer, "{\"destination\":\"bob\",\"payload\":5,\"enable_historical_messaging\":true}"), 400);
        failed(api.post(peer, "{\"destination\":\"bob\",\"payload\":\"x\",\"enable_historical_messaging\":\"yes\"}"), 400);
        failed(api.post(peer, "{\"destination\":\"bob\",\"payload\":\"" + "x".repeat(32 * 1024 + 1)
                + "\",\"enable_historical_messaging\":true}"), 400);
        failed(api.post(peer, "{\"destination\":\"bob\",\"payload\":\"\",\"enable_historical_messaging\":true}"), 400);
        failed(api.post(peer, "{\"destination\":\"bad/id\",\"payload\":\"x\",\"enable_historical_messaging\":true}"), 400);
        failed(api.post(peer, "{\"payload\":\"x\"}"), 400);
        failed(api.post("rtm/users/bad%2Fid/peer_messages", "{\"destination\":\"bob\",\"payload\":\"x\"}"), 400);
        failed(api.post("rtm/users/alice/channel_messages", "{\"channel_name\":\"\",\"payload\":\"x\"}"), 400);
        failed(api.post("rtm/users/alice/peer_messages?wait_for_ack=maybe", "{\"destination\":\"bob\",\"payload\":\"x\"}"),
                400);
        failed(api.post("rtm/message/history/query", "{\"filter\":{\"source\":\"alice\",\"start_time\":\"yesterday\","
                + "\"end_time\":\"2100-01-01T00:00:00Z\"}}"), 400);
        failed(api.post("rtm/message/history/query", "{\"filter\":{" + WINDOW + "}}"), 400);
        failed(api.post("rtm/message/history/query", "{\"filter\":{\"source\":\"alice\"," + WINDOW + "},\"limit\":0}"), 400);
        failed(api.post("rtm/message/history/query", "{\"filter\":{\"source\":\"alice\"," + WINDOW + "},\"order\":\"up\"}"),
                400);
        failed(api.get("rtm/message/history/count?source=alice&start_time=2100-01-01T00:00:00Z"
                + "&end_time=2000-01-01T00:00:00Z"), 400);
        assertThat(api.post(peer, "{\"destination\":\"bob\",\"payload\":\"" + "\\u00e9".repeat(50_000) + "\"}").status())
                .as("a body over 256 KB is refused before it is read").isEqualTo(413);
        failed(api.get("rtm/nothing/here"), 404);
        failed(api.get("rtm/users/alice/peer_messages"), 405);
        assertThat(count(s, "source=alice&start_time=2000-01-01T00:00:00Z&end_time=2100-01-01T00:00:00Z"))
                .as("no refused message reached the history").isZero();
    }

    @Test
    void perAppCallRates_answer429_perApp() throws InterruptedException {
        FakeTime time = new FakeTime(); // the budgets are per second: a clock that stands still
        ParleyServer s = new ParleyServer(config().rest(config().rest().withRates(3, 1, 100)).build(), time).start();
        cleanup.add(s);
        String peer = "{\"destination\":\"nobody\",\"payload\":\"x\"}";
        String channel = "{\"channel_name\":\"room\",\"payload\":\"x\"}";
        assertThat(rest(s).post("rtm/users/a/peer_messages", peer).status()).isEqualTo(200);
        assertThat(rest(s).post("rtm/users/a/channel_messages", channel).status()).isEqualTo(200);
        assertThat(rest(s).post("rtm/users/a/peer_messages", peer).status()).isEqualTo(200);
        failed(rest(s).post("rtm/users/a/channel_messages", channel), 429);
        assertThat(RestClient.basic(s.httpPort(), OTHER_APP, "other-customer", "other-secret-1")
                .post("rtm/users/a/peer_messages", peer).status()).as("another app has its own budget").isEqualTo(200);
        assertThat(rest(s).get("rtm/vendor/user_events").status()).isEqualTo(200);
        failed(rest(s).get("rtm/vendor/user_events"), 429);
        assertThat(rest(s).get("rtm/vendor/channel_events").status()).as("each feed its own budget").isEqualTo(200);
        time.advance(Duration.ofSeconds(2));
        assertThat(rest(s).post("rtm/users/a/channel_messages", channel).status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ the reference's examples

    @Test
    void requestsShapedAsTheReferenceExamples_getTheReferenceShapes() {
        ParleyServer s = start(config());
        MessageRecorder dst = new MessageRecorder();
        login(s, "dst_account", dst);
        RestClient api = rest(s);
        // §3: peer message, every documented field
        Reply peer = api.post("rtm/users/src_account/peer_messages?wait_for_ack=true",
                "{\"destination\":\"dst_account\",\"enable_offline_messaging\":false,"
                        + "\"enable_historical_messaging\":true,\"payload\":\"123\"}");
        ok(peer, "message_delivered");
        assertThat(fieldNames(peer.json())).containsExactly("result", "request_id", "code");
        // §4: channel message
        Reply channel = api.post("rtm/users/src_account/channel_messages",
                "{\"channel_name\":\"example_channel_id\",\"enable_historical_messaging\":true,\"payload\":\"123\"}");
        ok(channel, "message_sent");
        // §5: event feeds
        Reply users = api.get("rtm/vendor/user_events");
        assertThat(fieldNames(users.json())).containsExactly("result", "request_id", "events");
        assertThat(users.json().path("events").get(0).path("user_id").asText()).isEqualTo("dst_account");
        assertThat(api.get("rtm/hook/channel_events").status()).as("the alias one 2020 page printed").isEqualTo(200);
        // §6.1: the query body of the example, with its window widened to now
        Reply created = api.post("rtm/message/history/query", "{\"filter\":{\"source\":\"src_account\","
                + "\"destination\":\"dst_account\",\"start_time\":\"2019-08-01T01:22:10Z\","
                + "\"end_time\":\"2100-08-01T01:32:10Z\"},\"offset\":0,\"limit\":20,\"order\":\"asc\"}");
        ok200(created);
        assertThat(fieldNames(created.json())).containsExactly("result", "request_id", "offset", "limit", "order",
                "location");
        Reply page = api.get(created.text("location").substring(2));
        ok(page, "ok");
        JsonNode m = page.json().path("messages").get(0);
        assertThat(fieldNames(m)).containsExactly("src", "dst", "message_type", "payload", "ms");
        assertThat(m.path("payload").asText()).isEqualTo("123");
        // §6.3: count, with fractional seconds as clients send them
        Reply count = api.get("rtm/message/history/count?source=src_account&destination=example_channel_id"
                + "&start_time=2019-08-01T01:22:10.039Z&end_time=2100-08-01T01:24:10Z");
        ok(count, "ok");
        assertThat(count.json().path("count").asLong()).isEqualTo(1);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
