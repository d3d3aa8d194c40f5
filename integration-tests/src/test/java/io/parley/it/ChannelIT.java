package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.ChannelRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.it.support.TcpProxy;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmChannelMember;
import io.parley.rtm.RtmChannelMemberCount;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmStatusCode.ChannelMessageError;
import io.parley.rtm.RtmStatusCode.ConnectionChangeReason;
import io.parley.rtm.RtmStatusCode.ConnectionState;
import io.parley.rtm.RtmStatusCode.GetChannelMemberCountErrCode;
import io.parley.rtm.RtmStatusCode.GetMembersError;
import io.parley.rtm.RtmStatusCode.JoinChannelError;
import io.parley.rtm.RtmStatusCode.LeaveChannelError;
import io.parley.rtm.RtmStatusCode.PeerMessageError;
import io.parley.rtm.SendMessageOptions;
import io.parley.server.ParleyServer;
import io.parley.server.config.ServerConfig;
import io.parley.server.ratelimit.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelIT {
    private static final String APP = "chan-app";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ParleyServer server;
    private final List<RtmClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(RtmClient::release);
        if (server != null) {
            server.close();
        }
    }

    private void start(ServerConfig.Builder b) {
        server = Servers.start(b.app(APP).app("other-app").build());
    }

    private RtmClient login(String user) {
        return login(APP, user, new StateRecorder(), "127.0.0.1:" + server.port());
    }

    private RtmClient login(String app, String user, StateRecorder rec, String endpoint) {
        RtmClient c = Servers.client(app, rec, Servers.clientConfig(endpoint).build());
        clients.add(c);
        assertThat(call(r -> c.login(null, user, r))).isZero();
        return c;
    }

    private static int call(Consumer<Result<Void>> op) {
        Result<Void> r = new Result<>();
        op.accept(r);
        return r.await();
    }

    private static int send(RtmChannel ch, RtmClient c, String text) {
        return call(r -> ch.sendMessage(c.createMessage(text), new SendMessageOptions(), r));
    }

    @Test
    void messages_reachEveryOtherMember_notTheSender_andMemberEventsFlow() {
        start(Servers.config());
        RtmClient alice = login("alice");
        RtmClient bob = login("bob");
        RtmClient carol = login("carol");
        ChannelRecorder aRec = new ChannelRecorder();
        ChannelRecorder bRec = new ChannelRecorder();
        ChannelRecorder cRec = new ChannelRecorder();
        RtmChannel a = alice.createChannel("room", aRec);
        RtmChannel b = bob.createChannel("room", bRec);
        RtmChannel c = carol.createChannel("room", cRec);
        assertThat(call(a::join)).isZero();
        await().atMost(WAIT).until(() -> aRec.counts.contains(1)); // own join: the count
        assertThat(call(b::join)).isZero();
        assertThat(call(c::join)).isZero();
        await().atMost(WAIT).until(() -> aRec.joined.equals(List.of("bob", "carol")) && bRec.joined.equals(List.of("carol")));

        assertThat(send(a, alice, "hello")).isZero();
        await().atMost(WAIT).until(() -> bRec.messages.size() == 1 && cRec.messages.size() == 1);
        assertThat(bRec.messages).containsExactly("alice:hello");
        assertThat(aRec.messages).isEmpty();

        assertThat(call(c::leave)).isZero();
        await().atMost(WAIT).until(() -> aRec.left.equals(List.of("carol")) && bRec.left.equals(List.of("carol")));
        await().atMost(WAIT).until(() -> aRec.counts.get(aRec.counts.size() - 1) == 2);
        assertThat(cRec.left).isEmpty();
    }

    @Test
    void join_andLeave_codes() {
        start(Servers.config().rateLimit(Operation.JOIN, 0));
        RtmClient alice = login("alice");
        List<RtmChannel> channels = IntStream.range(0, 20).mapToObj(i -> alice.createChannel("c" + i, null)).toList();
        for (RtmChannel ch : channels) {
            assertThat(call(ch::join)).isZero();
        }
        assertThat(call(channels.get(0)::join)).isEqualTo(JoinChannelError.JOIN_CHANNEL_ERR_ALREADY_JOINED);
        channels.get(19).release(); // a handle slot frees up; the membership stays
        RtmChannel twentyFirst = alice.createChannel("c20", null);
        assertThat(call(twentyFirst::join)).isEqualTo(JoinChannelError.JOIN_CHANNEL_ERR_EXCEED_LIMIT);
        assertThat(call(channels.get(0)::leave)).isZero();
        assertThat(call(twentyFirst::join)).isZero();
        assertThat(call(channels.get(0)::leave)).isEqualTo(LeaveChannelError.LEAVE_CHANNEL_ERR_NOT_IN_CHANNEL);

        RtmClient loggedOut = Servers.client(APP, new StateRecorder(), Servers.clientConfig("127.0.0.1:" + server.port()).build());
        clients.add(loggedOut);
        assertThat(call(loggedOut.createChannel("x", null)::join)).isEqualTo(JoinChannelError.JOIN_CHANNEL_ERR_USER_NOT_LOGGED_IN);
    }

    @Test
    void join_rateLimits_anyChannelAndSameChannel() {
        start(Servers.config().rateLimit(Operation.JOIN, 4));
        RtmClient alice = login("alice");
        RtmChannel same = alice.createChannel("same", null);
        assertThat(call(same::join)).isZero();
        assertThat(call(same::leave)).isZero();
        assertThat(call(same::join)).isZero();
        assertThat(call(same::leave)).isZero();
        assertThat(call(same::join)).isEqualTo(JoinChannelError.JOIN_CHANNEL_ERR_JOIN_SAME_CHANNEL_TOO_OFTEN);
        assertThat(call(alice.createChannel("other1", null)::join)).isZero();
        assertThat(call(alice.createChannel("other2", null)::join)).isEqualTo(JoinChannelError.JOIN_CHANNEL_ERR_TOO_OFTEN);
    }

    @Test
    void join_onAFrozenNetwork_timesOut() throws Exception {
        start(Servers.config());
        try (TcpProxy proxy = new TcpProxy(server.port())) {
            RtmClient alice = Servers.client(APP, new StateRecorder(), Servers.clientConfig(proxy.endpoint())
                    .connectionLostAfter(30, TimeUnit.SECONDS).build());
            clients.add(alice);
            assertThat(call(r -> alice.login(null, "alice", r))).isZero();
            proxy.setFrozen(true);
            assertThat(call(alice.createChannel("slow", null)::join)).isEqualTo(JoinChannelError.JOIN_CHANNEL_TIMEOUT);
        }
    }

    @Test
    void channelMessage_codes() {
        start(Servers.config().messagesPer3s(3));
        RtmClient alice = login("alice");
        login("bob");
        RtmChannel room = alice.createChannel("room", null);
        assertThat(send(room, alice, "not joined")).isEqualTo(ChannelMessageError.CHANNEL_MESSAGE_ERR_FAILURE);
        assertThat(call(room::join)).isZero();
        assertThat(send(room, alice, "")).isEqualTo(ChannelMessageError.CHANNEL_MESSAGE_ERR_INVALID_MESSAGE);
        assertThat(send(room, alice, "x".repeat(32_769))).isEqualTo(ChannelMessageError.CHANNEL_MESSAGE_ERR_INVALID_MESSAGE);
        // the budget is shared with peer messages: 1 peer + 2 channel, then both are over
        assertThat(call(r -> alice.sendMessageToPeer("bob", alice.createMessage("p"), new SendMessageOptions(), r))).isZero();
        assertThat(send(room, alice, "1")).isZero();
        assertThat(send(room, alice, "2")).isZero();
        assertThat(send(room, alice, "3")).isEqualTo(ChannelMessageError.CHANNEL_MESSAGE_ERR_TOO_OFTEN);
        assertThat(call(r -> alice.sendMessageToPeer("bob", alice.createMessage("p"), new SendMessageOptions(), r)))
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_TOO_OFTEN);
    }

    @Test
    void getMembers_includesTheCaller_andHasItsCodes() {
        start(Servers.config().rateLimit(Operation.GET_MEMBERS, 2));
        RtmClient alice = login("alice");
        RtmClient bob = login("bob");
        RtmChannel a = alice.createChannel("room", null);
        assertThat(call(bob.createChannel("room", null)::join)).isZero();
        Result<List<RtmChannelMember>> notIn = new Result<>();
        a.getMembers(notIn);
        assertThat(notIn.await()).isEqualTo(GetMembersError.GET_MEMBERS_ERR_NOT_IN_CHANNEL);
        assertThat(call(a::join)).isZero();
        Result<List<RtmChannelMember>> members = new Result<>();
        a.getMembers(members);
        assertThat(members.await()).isZero();
        assertThat(members.value()).extracting(RtmChannelMember::getUserId).containsExactlyInAnyOrder("alice", "bob");
        assertThat(members.value()).allMatch(m -> m.getChannelId().equals("room"));
        Result<List<RtmChannelMember>> again = new Result<>();
        a.getMembers(again);
        assertThat(again.await()).isZero();
        Result<List<RtmChannelMember>> tooOften = new Result<>();
        a.getMembers(tooOften);
        assertThat(tooOften.await()).isEqualTo(GetMembersError.GET_MEMBERS_ERR_TOO_OFTEN);
    }

    @Test
    void memberCounts_withoutJoining_zeroForUnknown_32Max_oncePerSecond() {
        start(Servers.config());
        RtmClient alice = login("alice");
        RtmClient bob = login("bob");
        assertThat(call(bob.createChannel("busy", null)::join)).isZero();
        Result<List<RtmChannelMemberCount>> r = new Result<>();
        alice.getChannelMemberCount(List.of("busy", "empty"), r);
        assertThat(r.await()).isZero();
        assertThat(r.value()).extracting(RtmChannelMemberCount::getChannelID, RtmChannelMemberCount::getMemberCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("busy", 1), org.assertj.core.groups.Tuple.tuple("empty", 0));
        Result<List<RtmChannelMemberCount>> tooOften = new Result<>();
        alice.getChannelMemberCount(List.of("busy"), tooOften);
        assertThat(tooOften.await()).isEqualTo(GetChannelMemberCountErrCode.GET_CHANNEL_MEMBER_COUNT_ERR_TOO_OFTEN);
        Result<List<RtmChannelMemberCount>> tooMany = new Result<>();
        alice.getChannelMemberCount(IntStream.range(0, 33).mapToObj(i -> "c" + i).toList(), tooMany);
        assertThat(tooMany.await()).isEqualTo(GetChannelMemberCountErrCode.GET_CHANNEL_MEMBER_COUNT_ERR_EXCEED_LIMIT);
    }

    @Test
    void logoutAndSessionEnd_leaveChannels_resumeKeepsThemWithoutEvents() throws Exception {
        start(Servers.config().unreachableAfter(Duration.ofMillis(500)).sessionTimeout(Duration.ofSeconds(1)));
        try (TcpProxy proxy = new TcpProxy(server.port())) {
            RtmClient watcher = login("watcher");
            ChannelRecorder w = new ChannelRecorder();
            assertThat(call(watcher.createChannel("room", w)::join)).isZero();
            StateRecorder bobStates = new StateRecorder();
            RtmClient bob = login(APP, "bob", bobStates, proxy.endpoint());
            assertThat(call(bob.createChannel("room", null)::join)).isZero();
            RtmClient carol = login("carol");
            assertThat(call(carol.createChannel("room", null)::join)).isZero();
            await().atMost(WAIT).until(() -> w.joined.equals(List.of("bob", "carol")));

            // bob's connection drops briefly: resumed, no leave/join seen
            int mark = bobStates.changes.size();
            proxy.cutAll();
            bobStates.awaitSeen(mark, ConnectionState.CONNECTION_STATE_RECONNECTING,
                    ConnectionChangeReason.CONNECTION_CHANGE_REASON_INTERRUPTED, WAIT);
            bobStates.awaitLast(ConnectionState.CONNECTION_STATE_CONNECTED, ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_SUCCESS, WAIT);
            assertThat(w.left).isEmpty();
            assertThat(w.joined).containsExactly("bob", "carol");

            // carol logs out: she leaves
            assertThat(call(carol::logout)).isZero();
            await().atMost(WAIT).until(() -> w.left.equals(List.of("carol")));

            // bob disappears for longer than the session timeout: he leaves too
            proxy.setRefusing(true);
            proxy.cutAll();
            await().atMost(WAIT).until(() -> w.left.equals(List.of("carol", "bob")));
            assertThat(server.channels().count(new io.parley.server.cluster.ChannelKey(APP, "room"))).isEqualTo(1);
        }
    }

    @Test
    void sameChannelIdInTwoApps_areDifferentChannels() {
        start(Servers.config());
        RtmClient alice = login("alice");
        RtmClient zoe = login("other-app", "zoe", new StateRecorder(), "127.0.0.1:" + server.port());
        ChannelRecorder zRec = new ChannelRecorder();
        RtmChannel a = alice.createChannel("lobby", null);
        assertThat(call(zoe.createChannel("lobby", zRec)::join)).isZero();
        assertThat(call(a::join)).isZero();
        assertThat(send(a, alice, "hi")).isZero();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> zRec.messages.isEmpty() && zRec.joined.isEmpty());
    }
}
