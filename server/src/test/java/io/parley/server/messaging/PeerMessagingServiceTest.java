package io.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.token.TokenVerifier;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.SendPeerMessage;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.auth.Authenticator;
import io.parley.server.config.ServerConfig;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.session.FakeConnection;
import io.parley.server.session.FakeTime;
import io.parley.server.session.Session;
import io.parley.server.session.SessionRegistry;
import io.parley.server.session.SessionService;
import io.parley.server.cluster.ClusterPeers;
import io.parley.server.history.MessageArchive;
import io.parley.server.store.InMemoryOfflineStore;
import io.parley.server.store.StorePolicy;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.parley.server.metrics.InvalidMessageCounter;
import io.parley.server.store.StoredMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeerMessagingServiceTest {
    private final FakeTime time = new FakeTime();
    private SessionService sessions;
    private PeerMessagingService messaging;
    private InMemoryOfflineStore store;

    @BeforeEach
    void setUp() {
        ServerConfig config = ServerConfig.builder().app("app").build();
        sessions = new SessionService(new Authenticator(config,
                new TokenVerifier(() -> time.currentTimeMillis() / 1000, true, 300)), new SessionRegistry(), time);
        store = new InMemoryOfflineStore(new StorePolicy(200, Duration.ofDays(7), time::currentTimeMillis));
        messaging = new PeerMessagingService(sessions.registry(), store, time, new SessionRateLimits(java.util.Map.of(Operation.MESSAGE, 0), time::nanoTime),
                Duration.ofSeconds(10), 3);
        sessions.addListener(messaging);
    }

    private Session login(String user, FakeConnection c) {
        return sessions.login(c, "app", user, "", "").session();
    }

    private static SendPeerMessage msg(String to, String text, boolean offline) {
        return SendPeerMessage.newBuilder().setPeerId(to).setEnableOfflineMessaging(offline)
                .setBody(MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText(text)).build();
    }

    private static long pushedId(FakeConnection c, int index) {
        return c.sent.stream().filter(ServerFrame::hasPeerMessage).toList().get(index).getPeerMessage().getMessageId();
    }

    private static List<ErrorCode> replies(FakeConnection c) {
        return c.sent.stream().filter(f -> f.getRequestId() != 0).map(f -> f.getStatus().getCode()).toList();
    }

    @Test
    void ack_fromAnotherSession_isIgnored_onlyTheRecipientCanAck() {
        FakeConnection a = new FakeConnection("a");
        FakeConnection b = new FakeConnection("b");
        FakeConnection m = new FakeConnection("m");
        Session alice = login("alice", a);
        Session bob = login("bob", b);
        Session mallory = login("mallory", m);
        messaging.send(alice, 1, msg("bob", "secret", false));
        long id = pushedId(b, 0);

        messaging.ack(mallory, List.of(id));
        assertThat(replies(a)).isEmpty();

        messaging.ack(bob, List.of(id));
        assertThat(replies(a)).containsExactly(ErrorCode.OK);
        messaging.ack(bob, List.of(id)); // a duplicate ack does not answer twice
        assertThat(replies(a)).containsExactly(ErrorCode.OK);
    }

    @Test
    void timeoutSweep_looksOnlyAtRecipientsWithAPushDue() {
        FakeConnection a = new FakeConnection("a");
        Session alice = login("alice", a);
        for (int i = 0; i < 200; i++) {
            login("idle" + i, new FakeConnection("i" + i));
        }
        FakeConnection b = new FakeConnection("b");
        Session bob = login("bob", b);
        messaging.send(alice, 1, msg("bob", "one", false));
        time.advance(Duration.ofSeconds(4));
        messaging.send(alice, 2, msg("bob", "two", false));
        messaging.ack(bob, List.of(pushedId(b, 0)));

        time.advance(Duration.ofSeconds(6));
        assertThat(messaging.sweep()).as("bob's check, due at the first push's deadline").isEqualTo(1);
        assertThat(replies(a)).containsExactly(ErrorCode.OK);
        time.advance(Duration.ofSeconds(3));
        assertThat(messaging.sweep()).as("requeued for the second push, 4 s later").isZero();
        time.advance(Duration.ofSeconds(1));
        assertThat(messaging.sweep()).isEqualTo(1);
        assertThat(replies(a)).containsExactly(ErrorCode.OK, ErrorCode.TIMEOUT);
        time.advance(Duration.ofSeconds(60));
        assertThat(messaging.sweep()).as("nothing left to wait for").isZero();
    }

    @Test
    void timeout_answersOnce_andALateAckDoesNotAnswerAgain() {
        FakeConnection a = new FakeConnection("a");
        FakeConnection b = new FakeConnection("b");
        Session alice = login("alice", a);
        Session bob = login("bob", b);
        messaging.send(alice, 1, msg("bob", "x", false));
        time.advance(Duration.ofSeconds(10));
        messaging.sweep();
        messaging.sweep();
        messaging.ack(bob, List.of(pushedId(b, 0)));
        assertThat(replies(a)).containsExactly(ErrorCode.TIMEOUT);
        assertThat(messaging.pendingCount()).isZero();
    }

    @Test
    void recipientBacklogFull_isAFailure_notASilentDrop() {
        FakeConnection a = new FakeConnection("a");
        Session alice = login("alice", a);
        login("bob", new FakeConnection("b"));
        for (int i = 0; i < 4; i++) {
            messaging.send(alice, i + 1, msg("bob", "m" + i, false));
        }
        assertThat(replies(a)).containsExactly(ErrorCode.INTERNAL);
    }

    @Test
    void recipientLogsOut_unackedAreUnreachableOrCached() {
        FakeConnection a = new FakeConnection("a");
        Session alice = login("alice", a);
        Session bob = login("bob", new FakeConnection("b"));
        messaging.send(alice, 1, msg("bob", "plain", false));
        messaging.send(alice, 2, msg("bob", "keep me", true));

        sessions.logout(bob);

        assertThat(replies(a)).containsExactly(ErrorCode.PEER_UNREACHABLE, ErrorCode.CACHED_BY_SERVER);
        assertThat(store.load("app", "bob").join()).extracting(m -> m.text()).containsExactly("keep me");
    }

    @Test
    void remoteLogin_movesUnackedPushesToTheNewSession_andTheSenderStillGetsTheAck() {
        FakeConnection a = new FakeConnection("a");
        FakeConnection b1 = new FakeConnection("b1");
        FakeConnection b2 = new FakeConnection("b2");
        Session alice = login("alice", a);
        login("bob", b1);
        messaging.send(alice, 7, msg("bob", "follow me", false));
        long id = pushedId(b1, 0);

        Session bob2 = login("bob", b2);

        assertThat(pushedId(b2, 0)).isEqualTo(id);
        assertThat(replies(a)).isEmpty();
        messaging.ack(bob2, List.of(id));
        assertThat(replies(a)).containsExactly(ErrorCode.OK);
    }

    @Test
    void offlineMessages_arePushedAtLogin_andRemovedFromTheStoreOnAck() {
        FakeConnection a = new FakeConnection("a");
        Session alice = login("alice", a);
        messaging.send(alice, 1, msg("carol", "later", true));
        assertThat(replies(a)).containsExactly(ErrorCode.CACHED_BY_SERVER);

        FakeConnection c = new FakeConnection("c");
        Session carol = login("carol", c);
        messaging.loggedIn(carol, false);
        messaging.loggedIn(carol, false); // a second drain does not push it twice

        List<ServerFrame> pushes = c.sent.stream().filter(ServerFrame::hasPeerMessage).toList();
        assertThat(pushes).hasSize(1);
        assertThat(pushes.get(0).getPeerMessage().getOffline()).isTrue();
        messaging.ack(carol, List.of(pushes.get(0).getPeerMessage().getMessageId()));
        assertThat(store.load("app", "carol").join()).isEmpty();
    }

    /** Counts what the service reports, by source. */
    private static MessageBody textWithPayload(int payloadBytes) {
        return MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("hi")
                .setRaw(ByteString.copyFrom(new byte[payloadBytes])).build();
    }

    @Test
    void send_textWithARawPayload_isInvalidMessage_andNothingIsPushed() {
        InvalidMessageCounter counted = new InvalidMessageCounter();
        messaging.metrics(counted);
        FakeConnection a = new FakeConnection("a");
        FakeConnection b = new FakeConnection("b");
        Session alice = login("alice", a);
        login("bob", b);

        messaging.send(alice, 1, SendPeerMessage.newBuilder().setPeerId("bob").setEnableOfflineMessaging(true)
                .setBody(textWithPayload(96 * 1024)).build());

        assertThat(replies(a)).containsExactly(ErrorCode.INVALID_MESSAGE);
        assertThat(b.sent).noneMatch(ServerFrame::hasPeerMessage);
        assertThat(store.load("app", "bob").join()).isEmpty();
        assertThat(counted.bySource).containsEntry("peer", 1);
    }

    @Test
    void send_unknownFieldsInTheBody_areNotForwarded() {
        FakeConnection a = new FakeConnection("a");
        FakeConnection b = new FakeConnection("b");
        Session alice = login("alice", a);
        login("bob", b);
        MessageBody padded = MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("hello")
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(15, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFrom(new byte[90_000])).build()).build()).build();

        messaging.send(alice, 1, SendPeerMessage.newBuilder().setPeerId("bob").setBody(padded).build());

        ServerFrame push = b.sent.stream().filter(ServerFrame::hasPeerMessage).findFirst().orElseThrow();
        assertThat(push.getPeerMessage().getBody().getText()).isEqualTo("hello");
        assertThat(push.getPeerMessage().getBody().getUnknownFields().asMap()).isEmpty();
        assertThat(push.getSerializedSize()).isLessThan(100);
    }

    @Test
    void storedMessagesThatBreakTheRules_areDroppedOnRead_andCounted_validOnesDelivered() {
        InvalidMessageCounter counted = new InvalidMessageCounter();
        messaging.metrics(counted);
        long now = time.currentTimeMillis();
        store.append("app", "carol", new StoredMessage(0, "alice", 1, "hi", new byte[131_000], now, now)).join();
        store.append("app", "carol", new StoredMessage(0, "alice", 1, "fine", new byte[0], now, now)).join();
        store.append("app", "carol", new StoredMessage(0, "alice", 1, "x".repeat(40_000), new byte[0], now, now)).join();

        FakeConnection c = new FakeConnection("c");
        Session carol = login("carol", c);
        messaging.loggedIn(carol, false);

        List<ServerFrame> pushes = c.sent.stream().filter(ServerFrame::hasPeerMessage).toList();
        assertThat(pushes).extracting(f -> f.getPeerMessage().getBody().getText()).containsExactly("fine");
        assertThat(store.load("app", "carol").join()).extracting(StoredMessage::text).containsExactly("fine");
        assertThat(counted.bySource).containsEntry("offline_store", 2);
    }

    @Test
    void deliverFromNode_aBodyThatBreaksTheRules_isRefusedToTheOrigin_notPushed() {
        List<ErrorCode> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        messaging = new PeerMessagingService(sessions.registry(), store, time, new SessionRateLimits(java.util.Map.of(
                Operation.MESSAGE, 0), time::nanoTime), Duration.ofSeconds(10), 3, MessageArchive.NONE, new ClusterPeers() {
            @Override
            public void inbound(Inbound in) {
            }

            @Override
            public CompletableFuture<String> locate(String appId, String userId) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Boolean> deliver(String node, long originId, String appId, String toUserId,
                                                      String fromUserId, io.parley.protocol.peer.EncodedBody body, long serverReceivedTs,
                                                      boolean offlineAllowed) {
                return CompletableFuture.completedFuture(false);
            }

            @Override
            public void outcome(String originNode, long originId, ErrorCode code, String detail) {
                outcomes.add(code);
            }

            @Override
            public void notHere(String originNode, long originId) {
                outcomes.add(ErrorCode.UNRECOGNIZED);
            }

            @Override
            public void stored(String appId, String userId) {
            }

            @Override
            public void forget(String appId, String userId) {
            }
        });
        sessions.addListener(messaging);
        FakeConnection b = new FakeConnection("b");
        login("bob", b);

        messaging.deliverFromNode("node-x", 7, "app", "bob", "alice", textWithPayload(100_000).toByteArray(),
                time.currentTimeMillis(), true);

        // bytes that are no MessageBody, and a body with a field RTM does not define
        messaging.deliverFromNode("node-x", 8, "app", "bob", "alice", new byte[] {(byte) 0xff, 1, 2},
                time.currentTimeMillis(), true);
        messaging.deliverFromNode("node-x", 9, "app", "bob", "alice", MessageBody.newBuilder().setText("hi")
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(99, UnknownFieldSet.Field.newBuilder()
                        .addVarint(1).build()).build()).build().toByteArray(), time.currentTimeMillis(), true);

        assertThat(outcomes).containsExactly(ErrorCode.INVALID_MESSAGE, ErrorCode.INVALID_MESSAGE, ErrorCode.INVALID_MESSAGE);
        assertThat(b.sent).noneMatch(ServerFrame::hasPeerMessage);
    }
}
