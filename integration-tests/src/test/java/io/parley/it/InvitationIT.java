package io.parley.it;

import static io.parley.rtm.RtmStatusCode.InvitationApiCallError.INVITATION_API_CALL_ERR_ALREADY_ACCEPT;
import static io.parley.rtm.RtmStatusCode.InvitationApiCallError.INVITATION_API_CALL_ERR_ALREADY_END;
import static io.parley.rtm.RtmStatusCode.InvitationApiCallError.INVITATION_API_CALL_ERR_ALREADY_SENT;
import static io.parley.rtm.RtmStatusCode.InvitationApiCallError.INVITATION_API_CALL_ERR_INVALID_ARGUMENT;
import static io.parley.rtm.RtmStatusCode.InvitationApiCallError.INVITATION_API_CALL_ERR_NOT_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.CallRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.it.support.TcpProxy;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.ServerFrame;
import io.parley.rtm.LocalInvitation;
import io.parley.rtm.RemoteInvitation;
import io.parley.rtm.RtmCallManager;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmStatusCode.ConnectionChangeReason;
import io.parley.rtm.RtmStatusCode.ConnectionState;
import io.parley.rtm.RtmStatusCode.LocalInvitationState;
import io.parley.rtm.RtmStatusCode.RemoteInvitationState;
import io.parley.server.ParleyServer;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import io.parley.rtm.RtmStatusCode.InvitationApiCallError;
import io.parley.server.ratelimit.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both invitation state machines end to end, with short server timers (offline 1 s, no receipt 1 s, expiry 4 s). */
class InvitationIT {
    private static final String APP = "call-app";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ParleyServer server;
    private final List<RtmClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = Servers.start(Servers.config().app(APP)
                .invitationTimers(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(4)).build());
    }

    @AfterEach
    void stop() {
        clients.forEach(RtmClient::release);
        server.close();
    }

    private record Party(RtmClient client, RtmCallManager calls, CallRecorder rec) {
    }

    private Party party(String user, String endpoint, StateRecorder states) {
        RtmClient c = Servers.client(APP, states, Servers.clientConfig(endpoint).build());
        clients.add(c);
        CallRecorder rec = new CallRecorder();
        c.getRtmCallManager().setEventListener(rec); // before login, as apps do
        if (user != null) {
            assertThat(call(r -> c.login(null, user, r))).isZero();
        }
        return new Party(c, c.getRtmCallManager(), rec);
    }

    private Party party(String user) {
        return party(user, "127.0.0.1:" + server.port(), new StateRecorder());
    }

    private static int call(Consumer<Result<Void>> op) {
        Result<Void> r = new Result<>();
        op.accept(r);
        return r.await();
    }

    private static void awaitEvent(CallRecorder rec, String event) {
        await().atMost(WAIT).until(() -> rec.events.contains(event));
    }

    private static LocalInvitation invite(Party caller, String callee, String content, String channel) {
        LocalInvitation inv = caller.calls().createLocalInvitation(callee);
        inv.setContent(content);
        inv.setChannelId(channel);
        assertThat(call(r -> caller.calls().sendLocalInvitation(inv, r))).isZero();
        return inv;
    }

    @Test
    void accept_bothSidesSeeEveryStep_andMisuseIsRefused() {
        Party alice = party("alice");
        Party bob = party("bob");
        LocalInvitation inv = invite(alice, "bob", "call me", "room-42");
        assertThat(call(r -> alice.calls().sendLocalInvitation(inv, r))).isEqualTo(INVITATION_API_CALL_ERR_ALREADY_SENT);

        awaitEvent(bob.rec(), "remoteReceived:alice:call me:room-42");
        awaitEvent(alice.rec(), "localReceivedByPeer:bob");
        assertThat(inv.getState()).isEqualTo(LocalInvitationState.LOCAL_INVITATION_STATE_RECEIVED_BY_REMOTE);
        RemoteInvitation ri = bob.rec().received.get(0);
        assertThat(ri.getState()).isEqualTo(RemoteInvitationState.REMOTE_INVITATION_STATE_INVITATION_RECEIVED);
        ri.setResponse("x".repeat(8 * 1024 + 1));
        assertThat(call(r -> bob.calls().acceptRemoteInvitation(ri, r))).isEqualTo(INVITATION_API_CALL_ERR_INVALID_ARGUMENT);
        assertThat(ri.getState()).isEqualTo(RemoteInvitationState.REMOTE_INVITATION_STATE_INVITATION_RECEIVED);
        ri.setResponse("on my way");
        assertThat(call(r -> bob.calls().acceptRemoteInvitation(ri, r))).isZero();

        awaitEvent(alice.rec(), "localAccepted:on my way");
        awaitEvent(bob.rec(), "remoteAccepted");
        assertThat(inv.getState()).isEqualTo(LocalInvitationState.LOCAL_INVITATION_STATE_ACCEPTED_BY_REMOTE);
        assertThat(inv.getResponse()).isEqualTo("on my way");
        assertThat(ri.getState()).isEqualTo(RemoteInvitationState.REMOTE_INVITATION_STATE_ACCEPTED);
        assertThat(call(r -> bob.calls().acceptRemoteInvitation(ri, r))).isEqualTo(INVITATION_API_CALL_ERR_ALREADY_ACCEPT);
        assertThat(call(r -> bob.calls().refuseRemoteInvitation(ri, r))).isEqualTo(INVITATION_API_CALL_ERR_ALREADY_ACCEPT);
        assertThat(call(r -> alice.calls().cancelLocalInvitation(inv, r))).isEqualTo(INVITATION_API_CALL_ERR_ALREADY_END);
        // the channel id is carried; nobody is joined to it
        assertThat(server.channels().count(new io.parley.server.cluster.ChannelKey(APP, "room-42"))).isZero();
    }

    @Test
    void refuse_andCancel_paths() {
        Party alice = party("alice");
        Party bob = party("bob");
        LocalInvitation first = invite(alice, "bob", "", "");
        awaitEvent(bob.rec(), "remoteReceived:alice::");
        RemoteInvitation ri = bob.rec().received.get(0);
        ri.setResponse("busy");
        assertThat(call(r -> bob.calls().refuseRemoteInvitation(ri, r))).isZero();
        awaitEvent(alice.rec(), "localRefused:busy");
        awaitEvent(bob.rec(), "remoteRefused");
        assertThat(first.getState()).isEqualTo(LocalInvitationState.LOCAL_INVITATION_STATE_REFUSED_BY_REMOTE);
        assertThat(ri.getState()).isEqualTo(RemoteInvitationState.REMOTE_INVITATION_STATE_REFUSED);
        assertThat(call(r -> bob.calls().acceptRemoteInvitation(ri, r))).isEqualTo(INVITATION_API_CALL_ERR_ALREADY_END);

        LocalInvitation idle = alice.calls().createLocalInvitation("bob");
        assertThat(call(r -> alice.calls().cancelLocalInvitation(idle, r))).isEqualTo(INVITATION_API_CALL_ERR_NOT_STARTED);
        LocalInvitation second = invite(alice, "bob", "again", "");
        await().atMost(WAIT).until(() -> bob.rec().received.size() == 2);
        assertThat(call(r -> alice.calls().cancelLocalInvitation(second, r))).isZero();
        awaitEvent(alice.rec(), "localCanceled");
        awaitEvent(bob.rec(), "remoteCanceled");
        assertThat(second.getState()).isEqualTo(LocalInvitationState.LOCAL_INVITATION_STATE_CANCELED);
        assertThat(bob.rec().received.get(1).getState()).isEqualTo(RemoteInvitationState.REMOTE_INVITATION_STATE_CANCELED);
    }

    @Test
    void calleeOffline_isRetriedThenPeerOffline_butDeliveredIfItLogsInInTime() {
        Party alice = party("alice");
        LocalInvitation lost = invite(alice, "nobody", "", "");
        awaitEvent(alice.rec(), "localFailure:1");
        assertThat(lost.getState()).isEqualTo(LocalInvitationState.LOCAL_INVITATION_STATE_FAILURE);

        invite(alice, "late", "", "");
        Party late = party("late");
        awaitEvent(late.rec(), "remoteReceived:alice::");
        awaitEvent(alice.rec(), "localReceivedByPeer:late");
    }

    @Test
    void calleeOnlineButSilent_isPeerNoResponse() throws Exception {
        Party alice = party("alice");
        try (Socket raw = new Socket("127.0.0.1", server.port())) { // a callee whose SDK never confirms receipt
            ClientFrame.newBuilder().setRequestId(1).setLogin(Login.newBuilder().setAppId(APP).setUserId("mute")).build()
                    .writeDelimitedTo(raw.getOutputStream());
            assertThat(ServerFrame.parseDelimitedFrom(raw.getInputStream()).getStatus().getCode())
                    .isEqualTo(io.parley.protocol.v1.ErrorCode.OK);
            invite(alice, "mute", "", "");
            awaitEvent(alice.rec(), "localFailure:2");
        }
    }

    @Test
    void receivedButUnanswered_expiresOnBothSides() {
        Party alice = party("alice");
        Party bob = party("bob");
        LocalInvitation inv = invite(alice, "bob", "", "");
        awaitEvent(bob.rec(), "remoteReceived:alice::");
        awaitEvent(alice.rec(), "localFailure:3");
        awaitEvent(bob.rec(), "remoteFailure:3");
        assertThat(inv.getState()).isEqualTo(LocalInvitationState.LOCAL_INVITATION_STATE_FAILURE);
        assertThat(bob.rec().received.get(0).getState()).isEqualTo(RemoteInvitationState.REMOTE_INVITATION_STATE_FAILURE);
    }

    @Test
    void acceptWhileTheCallersNetworkIsDown_isAcceptFailureForTheCallee() throws Exception {
        try (TcpProxy proxy = new TcpProxy(server.port())) {
            StateRecorder aliceStates = new StateRecorder();
            Party alice = party("alice", proxy.endpoint(), aliceStates);
            Party bob = party("bob");
            invite(alice, "bob", "", "");
            awaitEvent(bob.rec(), "remoteReceived:alice::");
            int mark = aliceStates.changes.size();
            proxy.setRefusing(true);
            proxy.cutAll();
            aliceStates.awaitSeen(mark, ConnectionState.CONNECTION_STATE_RECONNECTING,
                    ConnectionChangeReason.CONNECTION_CHANGE_REASON_INTERRUPTED, WAIT);
            await().atMost(WAIT).until(() -> !server.sessions().get(APP, "alice").isAttached());

            assertThat(call(r -> bob.calls().acceptRemoteInvitation(bob.rec().received.get(0), r))).isZero();
            awaitEvent(bob.rec(), "remoteFailure:2");
        }
    }

    @Test
    void notLoggedIn_foreignObjects_andOversizeContent() {
        Party offline = party(null);
        LocalInvitation inv = offline.calls().createLocalInvitation("bob");
        assertThat(call(r -> offline.calls().sendLocalInvitation(inv, r))).isZero();
        awaitEvent(offline.rec(), "localFailure:4");

        Party alice = party("alice");
        LocalInvitation big = alice.calls().createLocalInvitation("bob");
        big.setContent("x".repeat(8 * 1024 + 1));
        assertThat(call(r -> alice.calls().sendLocalInvitation(big, r))).isEqualTo(INVITATION_API_CALL_ERR_INVALID_ARGUMENT);
        LocalInvitation foreign = offline.calls().createLocalInvitation("bob");
        assertThat(call(r -> alice.calls().sendLocalInvitation(foreign, r))).isEqualTo(INVITATION_API_CALL_ERR_INVALID_ARGUMENT);
        LocalInvitation exact = alice.calls().createLocalInvitation("bob");
        exact.setContent("x".repeat(8 * 1024));
        assertThat(call(r -> alice.calls().sendLocalInvitation(exact, r))).isZero();
    }

    @Test
    void callerLogsOut_cancelsForTheCallee_calleeLogsOut_failsForTheCaller() {
        Party alice = party("alice");
        Party bob = party("bob");
        invite(alice, "bob", "", "");
        awaitEvent(bob.rec(), "remoteReceived:alice::");
        assertThat(call(alice.client()::logout)).isZero();
        awaitEvent(bob.rec(), "remoteCanceled");

        Party carol = party("carol");
        invite(carol, "bob", "", "");
        await().atMost(WAIT).until(() -> bob.rec().received.size() == 2);
        assertThat(call(bob.client()::logout)).isZero();
        awaitEvent(carol.rec(), "localFailure:1");
    }

    @Test
    void manyConcurrentInvitations_workIndependently() {
        Party hub = party("hub");
        List<Party> callees = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            callees.add(party("callee" + i));
        }
        for (int i = 0; i < 20; i++) {
            invite(hub, "callee" + i, "n" + i, "");
        }
        for (int i = 0; i < 20; i++) {
            Party p = callees.get(i);
            await().atMost(WAIT).until(() -> p.rec().received.size() == 1);
            RemoteInvitation ri = p.rec().received.get(0);
            assertThat(ri.getContent()).isEqualTo("n" + i);
            if (i % 2 == 0) {
                assertThat(call(r -> p.calls().acceptRemoteInvitation(ri, r))).isZero();
            } else {
                assertThat(call(r -> p.calls().refuseRemoteInvitation(ri, r))).isZero();
            }
        }
        await().atMost(WAIT).until(() -> hub.rec().events.stream().filter(e -> e.startsWith("localAccepted")).count() == 10
                && hub.rec().events.stream().filter(e -> e.startsWith("localRefused")).count() == 10);
    }

    @Test
    void sending_isBudgeted_andACallersUnfinishedInvitationsAreCapped() throws Exception {
        try (ParleyServer small = Servers.start(Servers.config().app(APP).rateLimit(Operation.INVITATION, 5)
                .maxLiveInvitationsPerUser(3).build())) {
            Party caller = party("caller", "127.0.0.1:" + small.port(), new StateRecorder());
            List<LocalInvitation> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sent.add(invite(caller, "nobody-online-" + i, "c" + i, "")); // offline callees: they stay unfinished
            }
            LocalInvitation fourth = caller.calls().createLocalInvitation("nobody-online-3");
            assertThat(call(r -> caller.calls().sendLocalInvitation(fourth, r)))
                    .as("a 4th unfinished invitation").isEqualTo(InvitationApiCallError.INVITATION_API_CALL_ERR_INVALID_ARGUMENT);

            assertThat(call(r -> caller.calls().cancelLocalInvitation(sent.get(0), r))).isZero();
            invite(caller, "nobody-online-4", "c4", ""); // a slot again: the 5th send of the budget
            assertThat(call(r -> caller.calls().cancelLocalInvitation(sent.get(1), r))).isZero();
            LocalInvitation sixth = caller.calls().createLocalInvitation("nobody-online-5");
            assertThat(call(r -> caller.calls().sendLocalInvitation(sixth, r)))
                    .as("a 6th send within 5 s").isEqualTo(InvitationApiCallError.INVITATION_API_CALL_ERR_INVALID_ARGUMENT);

            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + small.httpPort() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("parley_invitations_total{outcome=\"refused_live_cap\"} 1.0")
                    .contains("parley_invitations_total{outcome=\"refused_too_often\"} 1.0");
        }
    }
}
