package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.RtmMessageType;
import io.parley.rtm.RtmStatusCode.PeerMessageError;
import io.parley.rtm.SendMessageOptions;
import io.parley.server.ParleyServer;
import io.parley.server.config.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** sendMessageToPeer end to end: success only after the recipient's ack, and every failure code. */
class PeerMessageIT {
    private static final String APP = "msg-app";
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
        server = Servers.start(b.app(APP).build());
    }

    private RtmClient login(String user, MessageRecorder rec) {
        return login(user, rec, Servers.clientConfig("127.0.0.1:" + server.port()));
    }

    private RtmClient login(String user, MessageRecorder rec, RtmClientConfig.Builder cfg) {
        RtmClient c = Servers.client(APP, rec, cfg.build());
        clients.add(c);
        Result<Void> r = new Result<>();
        c.login(null, user, r);
        assertThat(r.await()).isZero();
        return c;
    }

    private static Result<Void> send(RtmClient from, String to, RtmMessage m, boolean offline) {
        SendMessageOptions o = new SendMessageOptions();
        o.enableOfflineMessaging = offline;
        Result<Void> r = new Result<>();
        from.sendMessageToPeer(to, m, o, r);
        return r;
    }

    @Test
    void success_onlyAfterTheRecipientAcknowledged() {
        start(Servers.config());
        MessageRecorder bobRec = new MessageRecorder();
        RtmClient alice = login("alice", new MessageRecorder());
        login("bob", bobRec);
        bobRec.hold(); // bob's app is busy inside onMessageReceived: no ack yet

        Result<Void> r = send(alice, "bob", alice.createMessage("hello bob"), false);

        await().atMost(WAIT).until(() -> bobRec.received.size() == 1);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> !r.isDone());
        bobRec.release();
        assertThat(r.await()).isZero();
        RtmMessage got = bobRec.received.get(0).message();
        assertThat(bobRec.received.get(0).from()).isEqualTo("alice");
        assertThat(got.getText()).isEqualTo("hello bob");
        assertThat(got.getMessageType()).isEqualTo(RtmMessageType.TEXT);
        assertThat(got.getServerReceivedTs()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
        assertThat(got.isOfflineMessage()).isFalse();
    }

    @Test
    void rawMessagesWithDescription_andLegacyEndCallText_passThroughUnchanged() {
        start(Servers.config());
        MessageRecorder bobRec = new MessageRecorder();
        RtmClient alice = login("alice", new MessageRecorder());
        login("bob", bobRec);
        byte[] payload = {0, 1, 2, (byte) 0xff};
        assertThat(send(alice, "bob", alice.createMessage(payload, "desc"), false).await()).isZero();
        String legacy = RtmClient.AGORA_RTM_END_CALL_PREFIX + "_room1_bye";
        assertThat(send(alice, "bob", alice.createMessage(legacy), false).await()).isZero();
        assertThat(send(alice, "bob", alice.createMessage(new byte[] {9}), false).await()).isZero();

        await().atMost(WAIT).until(() -> bobRec.received.size() == 3);
        RtmMessage raw = bobRec.received.get(0).message();
        assertThat(raw.getMessageType()).isEqualTo(RtmMessageType.RAW);
        assertThat(raw.getRawMessage()).containsExactly(payload);
        assertThat(raw.getText()).isEqualTo("desc");
        assertThat(bobRec.received.get(1).message().getText()).isEqualTo(legacy);
        assertThat(bobRec.received.get(2).message().getRawMessage()).containsExactly(9);
    }

    @Test
    void invalidArguments_andNotLoggedIn_failWithTheirCodes() {
        start(Servers.config());
        RtmClient alice = login("alice", new MessageRecorder());
        login("bob", new MessageRecorder());
        assertThat(send(alice, "bad/peer", alice.createMessage("x"), false).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_INVALID_USERID);
        assertThat(send(alice, "", alice.createMessage("x"), false).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_INVALID_USERID);
        assertThat(send(alice, "bob", alice.createMessage(""), false).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_INVALID_MESSAGE);
        assertThat(send(alice, "bob", null, false).await()).isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_INVALID_MESSAGE);
        assertThat(send(alice, "bob", alice.createMessage("a".repeat(32_769)), false).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_INVALID_MESSAGE);
        assertThat(send(alice, "bob", alice.createMessage(new byte[32_000], "d".repeat(769)), false).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_INVALID_MESSAGE);
        assertThat(send(alice, "bob", alice.createMessage("a".repeat(32_768)), false).await()).isZero();
        assertThat(send(alice, "bob", alice.createMessage(new byte[32_000], "d".repeat(768)), false).await()).isZero();

        RtmClient loggedOut = Servers.client(APP, new MessageRecorder(), Servers.clientConfig("127.0.0.1:" + server.port()).build());
        clients.add(loggedOut);
        assertThat(send(loggedOut, "bob", loggedOut.createMessage("x"), false).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_USER_NOT_LOGGED_IN);
    }

    @Test
    void offlinePeer_isUnreachable_orCachedAndDeliveredAtItsNextLogin() {
        start(Servers.config());
        RtmClient alice = login("alice", new MessageRecorder());
        assertThat(send(alice, "carol", alice.createMessage("lost"), false).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_PEER_UNREACHABLE);
        assertThat(send(alice, "carol", alice.createMessage("first"), true).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_CACHED_BY_SERVER);
        assertThat(send(alice, "carol", alice.createMessage("second"), true).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_CACHED_BY_SERVER);

        MessageRecorder carolRec = new MessageRecorder();
        login("carol", carolRec);

        await().atMost(WAIT).until(() -> carolRec.received.size() == 2);
        assertThat(carolRec.texts()).containsExactly("first", "second");
        assertThat(carolRec.received).allMatch(r -> r.message().isOfflineMessage() && r.from().equals("alice"));
        await().atMost(WAIT).until(() -> server.offlineStore().size().join() == 0L);
    }

    @Test
    void sendBudget_exceeded_isTooOften() {
        start(Servers.config().messagesPer3s(3));
        RtmClient alice = login("alice", new MessageRecorder());
        login("bob", new MessageRecorder());
        for (int i = 0; i < 3; i++) {
            assertThat(send(alice, "bob", alice.createMessage("m" + i), false).await()).isZero();
        }
        assertThat(send(alice, "bob", alice.createMessage("over"), false).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_TOO_OFTEN);
    }

    @Test
    void noAckInTime_isTimeout_fromTheSdkAndFromTheServer() {
        start(Servers.config().peerAckTimeout(Duration.ofMillis(800)));
        MessageRecorder bobRec = new MessageRecorder();
        login("bob", bobRec);
        RtmClient impatient = login("alice", new MessageRecorder(), Servers.clientConfig("127.0.0.1:" + server.port())
                .peerMessageTimeout(300, TimeUnit.MILLISECONDS));
        RtmClient patient = login("dave", new MessageRecorder());
        bobRec.hold();
        try {
            assertThat(send(impatient, "bob", impatient.createMessage("a"), false).await())
                    .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_TIMEOUT); // SDK-side timer
            assertThat(send(patient, "bob", patient.createMessage("b"), false).await())
                    .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_TIMEOUT); // server-side ack timeout
        } finally {
            bobRec.release();
        }
        // the messages were still delivered once bob's app got to them
        await().atMost(WAIT).until(() -> bobRec.received.size() == 2);
    }

    @Test
    void senderLogsOutBeforeTheAck_isFailure() {
        start(Servers.config());
        MessageRecorder bobRec = new MessageRecorder();
        login("bob", bobRec);
        RtmClient alice = login("alice", new MessageRecorder());
        bobRec.hold();
        try {
            Result<Void> r = send(alice, "bob", alice.createMessage("bye"), false);
            await().atMost(WAIT).until(() -> bobRec.received.size() == 1);
            alice.logout(null);
            assertThat(r.await()).isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_FAILURE);
        } finally {
            bobRec.release();
        }
    }

    @Test
    void order_10000MessagesFrom4Senders_arriveInOrderPerSender_allAcked() throws Exception {
        start(Servers.config().messagesPer3s(0));
        MessageRecorder sink = new MessageRecorder();
        login("sink", sink);
        int perSender = 2500;
        List<Thread> threads = new ArrayList<>();
        List<Integer> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int s = 0; s < 4; s++) {
            RtmClient sender = login("s" + s, new MessageRecorder());
            String prefix = "s" + s + ":";
            Thread t = new Thread(() -> {
                java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(64);
                List<Result<Void>> results = new ArrayList<>();
                for (int i = 0; i < perSender; i++) {
                    window.acquireUninterruptibly();
                    Result<Void> r = new Result<>(window::release);
                    sender.sendMessageToPeer("sink", sender.createMessage(prefix + i), new SendMessageOptions(), r);
                    results.add(r);
                }
                for (Result<Void> r : results) {
                    int code = r.await(Duration.ofSeconds(60));
                    if (code != 0) {
                        failures.add(code);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(120_000);
        }
        assertThat(failures).isEmpty();
        await().atMost(WAIT).until(() -> sink.received.size() == 4 * perSender);
        for (int s = 0; s < 4; s++) {
            String prefix = "s" + s + ":";
            List<Integer> seq = sink.texts().stream().filter(t -> t.startsWith(prefix))
                    .map(t -> Integer.parseInt(t.substring(prefix.length()))).toList();
            assertThat(seq).hasSize(perSender).isSorted();
        }
    }

    @Test
    void appsAreIsolated_aUserOfAnotherAppIsUnreachable() {
        server = Servers.start(Servers.config().app(APP).app("other-app").build());
        RtmClient alice = login("alice", new MessageRecorder());
        RtmClient other = Servers.client("other-app", new MessageRecorder(), Servers.clientConfig("127.0.0.1:" + server.port()).build());
        clients.add(other);
        Result<Void> r = new Result<>();
        other.login(null, "zoe", r);
        assertThat(r.await()).isZero();
        assertThat(send(alice, "zoe", alice.createMessage("hi"), false).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_PEER_UNREACHABLE);
    }

    @Test
    void offlineMessages_haveAPerSenderBudget_pastItTooOften() {
        start(Servers.config().rateLimit(io.parley.server.ratelimit.Operation.OFFLINE_MESSAGE, 3));
        RtmClient alice = login("alice", new MessageRecorder());
        for (int i = 0; i < 3; i++) {
            assertThat(send(alice, "offline-" + i, alice.createMessage("m" + i), true).await())
                    .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_CACHED_BY_SERVER);
        }
        assertThat(send(alice, "offline-3", alice.createMessage("m3"), true).await())
                .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_TOO_OFTEN);
        // messages to online peers are not touched by that budget
        login("bob", new MessageRecorder());
        assertThat(send(alice, "bob", alice.createMessage("hi"), true).await()).isZero();
    }
}
