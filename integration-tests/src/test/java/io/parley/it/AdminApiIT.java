package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.AdminClient;
import io.parley.it.support.AdminClient.Reply;
import io.parley.it.support.ChannelRecorder;
import io.parley.it.support.FakeTime;
import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.rtm.RtmAttribute;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmChannelAttribute;
import io.parley.rtm.RtmChannelMember;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessageType;
import io.parley.rtm.RtmStatusCode.ChannelMessageError;
import io.parley.rtm.RtmStatusCode.ConnectionChangeReason;
import io.parley.rtm.RtmStatusCode.ConnectionState;
import io.parley.rtm.RtmStatusCode.LoginError;
import io.parley.server.ParleyServer;
import io.parley.server.config.AppConfig;
import io.parley.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin REST API driven over HTTP, with real SDK clients on the other end. */
class AdminApiIT {
    private static final String SECRET = "global-admin-secret-0123";
    private static final String APP = "admin-app";
    private static final String BASE = "apps/" + APP + "/";

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private ParleyServer start(ServerConfig.Builder b) {
        ParleyServer s = Servers.start(b.build());
        cleanup.add(s);
        return s;
    }

    private ParleyServer start() {
        return start(Servers.config().app(APP).adminSecret(SECRET));
    }

    private RtmClient login(ParleyServer s, String appId, String token, String user, RtmClientListener listener) {
        RtmClient c = Servers.client(appId, listener, Servers.clientConfig("127.0.0.1:" + s.port()).build());
        cleanup.add(c::release);
        Result<Void> r = new Result<>();
        c.login(token, user, r);
        assertThat(r.await()).as("login of " + user).isZero();
        return c;
    }

    private RtmClient login(ParleyServer s, String user, RtmClientListener listener) {
        return login(s, APP, null, user, listener);
    }

    private static RtmChannel join(RtmClient c, String channel, ChannelRecorder rec) {
        RtmChannel ch = c.createChannel(channel, rec);
        Result<Void> r = new Result<>();
        ch.join(r);
        assertThat(r.await()).isZero();
        return ch;
    }

    // ---------------------------------------------------------------------------------- auth

    @Test
    void directory_listsNodesAppsUsersAndChannels_andTheServerWideListsNeedTheServerWideSecret() {
        ParleyServer s = start(Servers.config().app(APP).adminSecret(SECRET)
                .app(new AppConfig("scoped-app", List.of(), 0, "scoped-app-secret-012")));
        RtmClient ann = login(s, "ann", new MessageRecorder());
        login(s, "andy", new MessageRecorder());
        login(s, "bo", new MessageRecorder());
        join(ann, "lobby", new ChannelRecorder());
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);

        Reply nodes = admin.get("nodes");
        assertThat(nodes.text("mode")).isEqualTo("single");
        assertThat(nodes.json().path("nodes").get(0).path("self").asBoolean()).isTrue();
        Reply apps = admin.get("apps");
        assertThat(apps.json().path("apps")).extracting(a -> a.path("app_id").asText() + ":" + a.path("sessions").asInt()
                + ":" + a.path("channels").asInt()).containsExactly(APP + ":3:1", "scoped-app:0:0");
        assertThat(admin.withSecret("scoped-app-secret-012").get("apps").status()).as("an app's secret").isEqualTo(403);

        Reply users = admin.get(BASE + "users?prefix=an&limit=1");
        assertThat(users.json().path("total").asInt()).isEqualTo(2);
        assertThat(users.json().path("users")).extracting(u -> u.path("user_id").asText() + " " + u.path("status").asText()
                + " " + u.path("channels")).containsExactly("andy ONLINE []");
        assertThat(admin.get(BASE + "users?prefix=ann").json().path("users").get(0).path("channels").get(0).asText())
                .isEqualTo("lobby");
        assertThat(admin.get(BASE + "users?prefix=an&after=andy").json().path("users")).extracting(u -> u.path("user_id")
                .asText()).as("the next page").containsExactly("ann");
        assertThat(admin.get(BASE + "users?limit=0").status()).isEqualTo(400);
        Reply channels = admin.get(BASE + "channels");
        assertThat(channels.json().path("channels")).extracting(c -> c.path("channel_id").asText() + ":"
                + c.path("members").asInt()).containsExactly("lobby:1");
    }

    @Test
    void authentication_globalAndPerAppSecrets() {
        String appSecret = "only-for-admin-app-1";
        String otherSecret = "only-for-other-app-2";
        ParleyServer s = start(Servers.config().adminSecret(SECRET)
                .app(new AppConfig(APP, List.of(), 0, appSecret))
                .app(new AppConfig("other-app", List.of(), 0, otherSecret)));
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);
        String path = BASE + "channels/room/member_count";

        assertThat(admin.get(path).status()).isEqualTo(200);
        assertThat(admin.withSecret(appSecret).get(path).status()).isEqualTo(200);
        Reply none = admin.withSecret(null).get(path);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.text("code")).isEqualTo("UNAUTHORIZED");
        assertThat(admin.withSecret("not-a-secret-at-all").get(path).status()).isEqualTo(401);
        // another app's secret is answered exactly as an unknown one: nothing tells it is valid somewhere
        Reply other = admin.withSecret(otherSecret).get(path);
        Reply unknown = admin.withSecret("not-a-secret-at-all").get(path);
        assertThat(other.status()).isEqualTo(401);
        assertThat(other.toString()).isEqualTo(unknown.toString());
        assertThat(admin.withSecret(otherSecret).get("apps/other-app/channels/room/member_count").status()).isEqualTo(200);
        Reply unknownApp = admin.get("apps/no-such-app/channels/room/member_count");
        assertThat(unknownApp.status()).isEqualTo(404);
        assertThat(unknownApp.text("code")).isEqualTo("APP_NOT_FOUND");
    }

    @Test
    void apiIsOffWithoutSecret() {
        ParleyServer s = start(Servers.config().app(APP));
        Reply r = new AdminClient(s.httpPort(), "anything-at-all-123").get(BASE + "channels/room/member_count");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text("code")).isEqualTo("ADMIN_API_DISABLED");
    }

    @Test
    void malformedRequests_are400WithAMessage_never500() {
        ParleyServer s = start();
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);
        String peer = BASE + "users/bob/peer_messages";

        Reply broken = admin.post(peer, "{\"text\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.text("code")).isEqualTo("MALFORMED_JSON");
        assertThat(broken.text("message")).isNotBlank();

        Reply unknown = admin.post(peer, "{\"text\":\"hi\",\"colour\":\"red\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("code")).isEqualTo("UNKNOWN_FIELD");
        assertThat(unknown.text("message")).contains("colour");

        Reply wrongType = admin.post(peer, "{\"text\":\"hi\",\"enable_offline_messaging\":\"perhaps\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.text("code")).isEqualTo("INVALID_FIELD");
        assertThat(wrongType.text("message")).contains("enable_offline_messaging");

        assertThat(admin.post(peer, null).status()).isEqualTo(400);
        assertThat(admin.post(peer, "[1,2]").status()).isEqualTo(400);
        assertThat(admin.post(peer, "null").status()).isEqualTo(400);
        assertThat(admin.post(peer, "{\"raw\":\"***not base64***\"}").status()).isEqualTo(400);
        assertThat(admin.put(BASE + "bans/bob", "{\"duration_seconds\": 0}").status()).isEqualTo(400);
        assertThat(admin.get(BASE + "users/bob/nothing-here").status()).isEqualTo(404);
        assertThat(admin.get("elsewhere").status()).isEqualTo(404);
        Reply method = admin.get(peer);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.text("code")).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(admin.get(BASE + "channels/" + "x".repeat(65) + "/members").text("code")).isEqualTo("INVALID_CHANNEL_ID");
    }

    // ---------------------------------------------------------------------------- messages

    @Test
    void peerMessage_fromSystemAndFromNamedUser_succeedsOnlyAfterTheRecipientsAck() {
        ParleyServer s = start();
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);
        MessageRecorder bob = new MessageRecorder();
        login(s, "bob", bob);

        Reply r = admin.post(BASE + "users/bob/peer_messages", "{\"text\":\"maintenance at 5\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("result")).isEqualTo("OK");
        assertThat(r.json().path("rtm_code").asInt(-1)).isZero();
        assertThat(r.json().path("message_id").asLong()).isPositive();
        assertThat(bob.received).hasSize(1);
        assertThat(bob.received.get(0).from()).isEqualTo("system");
        assertThat(bob.received.get(0).message().getText()).isEqualTo("maintenance at 5");

        byte[] raw = {1, 2, 3, 0, -1};
        Reply named = admin.post(BASE + "users/bob/peer_messages", "{\"from\":\"ops bot\",\"raw\":\""
                + Base64.getEncoder().encodeToString(raw) + "\",\"description\":\"bytes\"}");
        assertThat(named.text("result")).as(named.toString()).isEqualTo("OK");
        MessageRecorder.Received got = bob.received.get(1);
        assertThat(got.from()).isEqualTo("ops bot");
        assertThat(got.message().getMessageType()).isEqualTo(RtmMessageType.RAW);
        assertThat(got.message().getRawMessage()).isEqualTo(raw);
        assertThat(got.message().getText()).isEqualTo("bytes");
    }

    @Test
    void peerMessage_outcomeCodesAsTheSdkGetsThem() {
        ParleyServer s = start(Servers.config().app(APP).adminSecret(SECRET).peerAckTimeout(Duration.ofMillis(600)));
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);

        Reply unreachable = admin.post(BASE + "users/carol/peer_messages", "{\"text\":\"hello\"}");
        assertThat(unreachable.status()).isEqualTo(200);
        assertThat(unreachable.text("result")).isEqualTo("PEER_UNREACHABLE");
        assertThat(unreachable.json().path("rtm_code").asInt()).isEqualTo(3);

        Reply cached = admin.post(BASE + "users/carol/peer_messages",
                "{\"text\":\"while you were out\",\"enable_offline_messaging\":true}");
        assertThat(cached.text("result")).isEqualTo("CACHED_BY_SERVER");
        assertThat(cached.json().path("rtm_code").asInt()).isEqualTo(4);
        MessageRecorder carol = new MessageRecorder();
        login(s, "carol", carol);
        await().atMost(Duration.ofSeconds(10)).until(() -> carol.received.size() == 1);
        assertThat(carol.received.get(0).message().getText()).isEqualTo("while you were out");
        assertThat(carol.received.get(0).message().isOfflineMessage()).isTrue();

        carol.hold(); // her callback thread is busy: no ack within the 600 ms ack timeout
        try {
            Reply timeout = admin.post(BASE + "users/carol/peer_messages", "{\"text\":\"are you there\"}");
            assertThat(timeout.text("result")).as(timeout.toString()).isEqualTo("TIMEOUT");
            assertThat(timeout.json().path("rtm_code").asInt()).isEqualTo(2);
        } finally {
            carol.release();
        }

        Reply badUser = admin.post("apps/" + APP + "/users/null/peer_messages", "{\"text\":\"x\"}");
        assertThat(badUser.status()).isEqualTo(400);
        assertThat(badUser.text("code")).isEqualTo("INVALID_USERID");
        assertThat(badUser.json().path("rtm_code").asInt()).isEqualTo(6);
        Reply empty = admin.post(BASE + "users/carol/peer_messages", "{\"text\":\"\"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text("code")).isEqualTo("INVALID_MESSAGE");
        assertThat(empty.json().path("rtm_code").asInt()).isEqualTo(7);
        Reply big = admin.post(BASE + "users/carol/peer_messages", "{\"text\":\"" + "x".repeat(32 * 1024 + 1) + "\"}");
        assertThat(big.text("code")).isEqualTo("INVALID_MESSAGE");
        Reply badFrom = admin.post(BASE + "users/carol/peer_messages", "{\"from\":\"null\",\"text\":\"x\"}");
        assertThat(badFrom.text("code")).isEqualTo("INVALID_USERID");
    }

    @Test
    void channelMessage_reachesEveryMember() {
        ParleyServer s = start();
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);
        ChannelRecorder a = new ChannelRecorder();
        ChannelRecorder b = new ChannelRecorder();
        join(login(s, "ann", new MessageRecorder()), "lobby", a);
        join(login(s, "ben", new MessageRecorder()), "lobby", b);

        Reply r = admin.post(BASE + "channels/lobby/messages", "{\"text\":\"welcome all\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("deliveries").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.messages.contains("system:welcome all") && b.messages.contains("system:welcome all"));
        assertThat(admin.post(BASE + "channels/empty-room/messages", "{\"text\":\"anyone?\"}").json().path("deliveries").asInt())
                .isZero();
        Reply empty = admin.post(BASE + "channels/lobby/messages", "{\"text\":\"\"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("rtm_code").asInt()).isEqualTo(4);
    }

    // ------------------------------------------------------------------------------ queries

    @Test
    void onlineStatus_memberCount_members_userAttributes() {
        ParleyServer s = start();
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);
        RtmClient ann = login(s, "ann", new MessageRecorder());
        join(ann, "room", new ChannelRecorder());
        join(login(s, "ben", new MessageRecorder()), "room", new ChannelRecorder());
        join(login(s, "cat", new MessageRecorder()), "room", new ChannelRecorder());
        Result<Void> set = new Result<>();
        ann.setLocalUserAttributes(List.of(new RtmAttribute("mood", "sunny"), new RtmAttribute("lang", "fr")), set);
        assertThat(set.await()).isZero();

        Reply status = admin.post(BASE + "online_status", "{\"user_ids\":[\"ann\",\"nobody\"]}");
        assertThat(status.json().path("statuses").path("ann").asText()).isEqualTo("ONLINE");
        assertThat(status.json().path("statuses").path("nobody").asText()).isEqualTo("OFFLINE");
        assertThat(admin.post(BASE + "online_status", "{\"user_ids\":[]}").status()).isEqualTo(400);
        StringBuilder many = new StringBuilder("{\"user_ids\":[");
        for (int i = 0; i < 257; i++) {
            many.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
        }
        assertThat(admin.post(BASE + "online_status", many + "]}").text("code")).isEqualTo("EXCEED_LIMIT");

        assertThat(admin.get(BASE + "channels/room/member_count").json().path("count").asInt()).isEqualTo(3);
        assertThat(admin.get(BASE + "channels/nowhere/member_count").json().path("count").asInt()).isZero();
        Reply members = admin.get(BASE + "channels/room/members");
        List<String> ids = new ArrayList<>();
        members.json().path("members").forEach(n -> ids.add(n.asText()));
        assertThat(ids).containsExactlyInAnyOrder("ann", "ben", "cat");

        Reply attrs = admin.get(BASE + "users/ann/attributes");
        assertThat(attrs.json().path("attributes").path("mood").asText()).isEqualTo("sunny");
        assertThat(attrs.json().path("attributes").path("lang").asText()).isEqualTo("fr");
        Reply offline = admin.get(BASE + "users/nobody/attributes");
        assertThat(offline.status()).isEqualTo(404);
        assertThat(offline.text("code")).isEqualTo("USER_NOT_FOUND");
    }

    @Test
    void channelAttributes_setAddDeleteClear_withNotificationsToMembers() {
        ParleyServer s = start();
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);
        ChannelRecorder rec = new ChannelRecorder();
        RtmClient ann = login(s, "ann", new MessageRecorder());
        join(ann, "stage", rec);
        String path = BASE + "channels/stage/attributes";

        Reply put = admin.put(path, "{\"attributes\":{\"topic\":\"jazz\",\"host\":\"ann\"},\"enable_notification\":true}");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("attributes")).hasSize(2);
        assertThat(put.json().path("attributes").get(0).path("last_update_user_id").asText()).isEqualTo("system");
        await().atMost(Duration.ofSeconds(5)).until(() -> rec.attributeUpdates.size() == 1);
        assertThat(rec.attributeUpdates.get(0)).extracting(RtmChannelAttribute::getKey).containsExactlyInAnyOrder("topic", "host");

        Reply patch = admin.patch(path, "{\"attributes\":{\"topic\":\"blues\"}}");
        assertThat(patch.json().path("attributes")).hasSize(2);
        Result<List<RtmChannelAttribute>> seen = new Result<>();
        ann.getChannelAttributes("stage", seen);
        assertThat(seen.await()).isZero();
        assertThat(seen.value()).filteredOn(a -> a.getKey().equals("topic")).extracting(RtmChannelAttribute::getValue)
                .containsExactly("blues");

        Reply tooBig = admin.patch(path, "{\"attributes\":{\"huge\":\"" + "v".repeat(8 * 1024 + 1) + "\"}}");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.text("code")).isEqualTo("SIZE_OVERFLOW");
        assertThat(admin.get(path).json().path("attributes")).hasSize(2); // all or nothing

        Reply del = admin.call("DELETE", path, "{\"keys\":[\"host\"],\"enable_notification\":true}");
        assertThat(del.json().path("attributes")).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> rec.attributeUpdates.size() == 2);
        assertThat(rec.attributeUpdates.get(1)).extracting(RtmChannelAttribute::getKey).containsExactly("topic");

        Reply clear = admin.delete(path);
        assertThat(clear.json().path("attributes")).isEmpty();
        assertThat(admin.get(path).json().path("attributes")).isEmpty();
        assertThat(rec.attributeUpdates).hasSize(2); // no notification without enable_notification
    }

    // ---------------------------------------------------------------------------- actions

    @Test
    void kick_abortsTheClientWithBannedByServer() {
        ParleyServer s = start();
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);
        StateRecorder dan = new StateRecorder();
        login(s, "dan", dan);

        Reply kick = admin.post(BASE + "users/dan/kick", null);
        assertThat(kick.status()).as(kick.toString()).isEqualTo(200);
        dan.awaitLast(ConnectionState.CONNECTION_STATE_ABORTED, ConnectionChangeReason.CONNECTION_CHANGE_REASON_BANNED_BY_SERVER,
                Duration.ofSeconds(5));
        assertThat(s.sessions().get(APP, "dan")).isNull();
        Reply again = admin.post(BASE + "users/dan/kick", null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.text("code")).isEqualTo("USER_NOT_FOUND");
    }

    @Test
    void ban_rejectsLoginsUntilItEndsOrIsLifted() {
        FakeTime time = new FakeTime();
        ParleyServer s = new ParleyServer(Servers.config().app(APP).adminSecret(SECRET).build(), time);
        cleanup.add(s);
        try {
            s.start();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);
        StateRecorder eve = new StateRecorder();
        login(s, "eve", eve);

        Reply ban = admin.put(BASE + "bans/eve", "{\"duration_seconds\":60}");
        assertThat(ban.status()).as(ban.toString()).isEqualTo(200);
        assertThat(ban.json().path("kicked").asBoolean()).isTrue();
        eve.awaitLast(ConnectionState.CONNECTION_STATE_ABORTED, ConnectionChangeReason.CONNECTION_CHANGE_REASON_BANNED_BY_SERVER,
                Duration.ofSeconds(5));
        assertThat(admin.get(BASE + "bans").json().path("bans").get(0).path("user_id").asText()).isEqualTo("eve");

        RtmClient again = Servers.client(APP, new StateRecorder(), Servers.clientConfig("127.0.0.1:" + s.port()).build());
        cleanup.add(again::release);
        Result<Void> refused = new Result<>();
        again.login(null, "eve", refused);
        assertThat(refused.await()).isEqualTo(LoginError.LOGIN_ERR_REJECTED);

        time.advance(Duration.ofSeconds(61)); // the ban ran out
        assertThat(admin.get(BASE + "bans").json().path("bans")).isEmpty();
        Result<Void> ok = new Result<>();
        again.login(null, "eve", ok);
        assertThat(ok.await()).isZero();

        Result<Void> out = new Result<>();
        again.logout(out);
        assertThat(out.await()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> s.sessions().get(APP, "eve") == null);
        assertThat(admin.put(BASE + "bans/eve", "{\"duration_seconds\":3600}").json().path("kicked").asBoolean()).isFalse();
        assertThat(admin.delete(BASE + "bans/eve").status()).isEqualTo(200);
        assertThat(admin.delete(BASE + "bans/eve").status()).isEqualTo(404);
        login(s, "eve", new StateRecorder()); // a fresh client: the SDK allows 2 logins per second per instance
    }

    @Test
    void removeFromChannel_othersSeeTheMemberLeave_andItGetsNoMoreChannelMessages() {
        ParleyServer s = start();
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);
        ChannelRecorder annRec = new ChannelRecorder();
        ChannelRecorder benRec = new ChannelRecorder();
        join(login(s, "ann", new MessageRecorder()), "room", annRec);
        RtmClient ben = login(s, "ben", new MessageRecorder());
        RtmChannel benRoom = join(ben, "room", benRec);

        Reply r = admin.delete(BASE + "channels/room/members/ben");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> annRec.left.contains("ben"));
        assertThat(admin.get(BASE + "channels/room/member_count").json().path("count").asInt()).isEqualTo(1);
        assertThat(admin.post(BASE + "channels/room/messages", "{\"text\":\"after\"}").json().path("deliveries").asInt())
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> annRec.messages.contains("system:after"));
        assertThat(benRec.messages).doesNotContain("system:after");
        Result<Void> send = new Result<>();
        benRoom.sendMessage(ben.createMessage("still here?"), send);
        assertThat(send.await()).isEqualTo(ChannelMessageError.CHANNEL_MESSAGE_ERR_FAILURE);
        Result<List<RtmChannelMember>> members = new Result<>();
        benRoom.getMembers(members);
        assertThat(members.await()).isNotZero();

        Reply again = admin.delete(BASE + "channels/room/members/ben");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.text("code")).isEqualTo("NOT_IN_CHANNEL");
        Result<Void> rejoin = new Result<>();
        benRoom.join(rejoin);
        assertThat(rejoin.await()).isZero();
    }

    @Test
    void tokenMinting_onlyWhenEnabled_andTheTokenLogsIn() {
        ParleyServer off = start(Servers.config().app(Servers.APP_ID, Servers.CERT).adminSecret(SECRET));
        Reply refused = new AdminClient(off.httpPort(), SECRET).post("apps/" + Servers.APP_ID + "/tokens",
                "{\"user_id\":\"frank\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("code")).isEqualTo("TOKEN_MINTING_DISABLED");

        ParleyServer on = start(Servers.config().app(Servers.APP_ID, Servers.CERT).app(APP).adminSecret(SECRET)
                .tokenMinting(true));
        AdminClient admin = new AdminClient(on.httpPort(), SECRET);
        Reply minted = admin.post("apps/" + Servers.APP_ID + "/tokens", "{\"user_id\":\"frank\",\"expire_seconds\":600}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        String token = minted.text("token");
        assertThat(token).startsWith("007");
        login(on, Servers.APP_ID, token, "frank", new MessageRecorder());

        RtmClient wrongUser = Servers.client(Servers.APP_ID, new MessageRecorder(),
                Servers.clientConfig("127.0.0.1:" + on.port()).build());
        cleanup.add(wrongUser::release);
        Result<Void> r = new Result<>();
        wrongUser.login(token, "george", r);
        assertThat(r.await()).isEqualTo(LoginError.LOGIN_ERR_INVALID_TOKEN);

        assertThat(admin.post("apps/" + Servers.APP_ID + "/tokens", "{\"user_id\":\"frank\",\"format\":\"006\"}")
                .text("token")).startsWith("006");
        assertThat(admin.post("apps/" + APP + "/tokens", "{\"user_id\":\"frank\"}").text("code")).isEqualTo("NO_CERTIFICATE");
        assertThat(admin.post("apps/" + Servers.APP_ID + "/tokens", "{\"user_id\":\"null\"}").status()).isEqualTo(400);
        assertThat(admin.post("apps/" + Servers.APP_ID + "/tokens", "{}").status()).isEqualTo(400);
        // no longer than the verifier honours (24 h), so a minted token never claims more than it gets
        assertThat(admin.post("apps/" + Servers.APP_ID + "/tokens", "{\"user_id\":\"frank\",\"expire_seconds\":86401}")
                .status()).isEqualTo(400);
        assertThat(admin.post("apps/" + Servers.APP_ID + "/tokens", "{\"user_id\":\"frank\",\"expire_seconds\":86400}")
                .status()).isEqualTo(200);
    }

    @Test
    void encodedUserIdsInThePath() {
        ParleyServer s = start();
        AdminClient admin = new AdminClient(s.httpPort(), SECRET);
        MessageRecorder rec = new MessageRecorder();
        login(s, "a b#c+d%e?", rec);
        String encoded = java.net.URLEncoder.encode("a b#c+d%e?", StandardCharsets.UTF_8).replace("+", "%20");
        Reply r = admin.post(BASE + "users/" + encoded + "/peer_messages", "{\"text\":\"found you\"}");
        assertThat(r.text("result")).as(r.toString()).isEqualTo("OK");
        assertThat(rec.texts()).containsExactly("found you");
    }
}
