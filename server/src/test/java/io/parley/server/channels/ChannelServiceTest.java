package io.parley.server.channels;

import io.parley.server.cluster.ChannelKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.token.TokenVerifier;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.SendChannelMessage;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.metrics.InvalidMessageCounter;
import io.parley.server.auth.Authenticator;
import io.parley.server.config.ServerConfig;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.session.FakeConnection;
import io.parley.server.session.FakeTime;
import io.parley.server.session.Session;
import io.parley.server.session.SessionRegistry;
import io.parley.server.session.SessionService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChannelServiceTest {
    private final FakeTime time = new FakeTime();
    private SessionService sessions;
    private ChannelService channels;
    private int rid;

    @BeforeEach
    void setUp() {
        ServerConfig config = ServerConfig.builder().app("app").build();
        sessions = new SessionService(new Authenticator(config,
                new TokenVerifier(() -> time.currentTimeMillis() / 1000, true, 300)), new SessionRegistry(), time);
        channels = new ChannelService(new SessionRateLimits(Map.of(Operation.JOIN, 0), time::nanoTime), time);
        sessions.addListener(channels);
    }

    private Session member(String user, FakeConnection c) {
        Session s = sessions.login(c, "app", user, "", "").session();
        channels.join(s, ++rid, "room");
        return s;
    }

    private static List<Integer> counts(FakeConnection c) {
        return c.sent.stream().filter(ServerFrame::hasMemberCount).map(f -> f.getMemberCount().getCount()).toList();
    }

    @Test
    void memberCountSweep_looksOnlyAtChannelsWhoseCountChanged() {
        for (int i = 0; i < 300; i++) {
            Session s = sessions.login(new FakeConnection("c" + i), "app", "u" + i, "", "").session();
            channels.join(s, ++rid, "quiet" + i);
        }
        FakeConnection first = new FakeConnection("first");
        member("a", first);
        member("b", new FakeConnection("second"));
        time.advance(Duration.ofSeconds(2));
        assertThat(channels.sweep()).as("only the room's count changed since its last push").isEqualTo(1);
        assertThat(counts(first)).containsExactly(1, 2);
        time.advance(Duration.ofSeconds(2));
        assertThat(channels.sweep()).isZero();
        assertThat(channels.queuedCountChecks()).isZero();
    }

    @Test
    void memberCount_ownJoinAtOnce_thenAtMostOncePerSecond() {
        FakeConnection first = new FakeConnection("first");
        member("u0", first);
        assertThat(counts(first)).containsExactly(1);

        for (int i = 1; i <= 5; i++) {
            FakeConnection c = new FakeConnection("c" + i);
            member("u" + i, c);
            assertThat(counts(c)).as("own join gets the count at once").containsExactly(i + 1);
        }
        channels.sweep();
        assertThat(counts(first)).containsExactly(1); // less than a second since the last push
        time.advance(Duration.ofMillis(999));
        channels.sweep();
        assertThat(counts(first)).containsExactly(1);
        time.advance(Duration.ofMillis(1));
        channels.sweep();
        channels.sweep();
        assertThat(counts(first)).containsExactly(1, 6);
        time.advance(Duration.ofSeconds(5));
        channels.sweep();
        assertThat(counts(first)).as("no push when nothing changed").containsExactly(1, 6);
    }

    @Test
    void memberCount_above512_atMostOncePer3s_andNoMemberEvents() {
        FakeConnection first = new FakeConnection("first");
        member("u0", first);
        List<FakeConnection> all = new ArrayList<>();
        for (int i = 1; i < 520; i++) {
            FakeConnection c = new FakeConnection("c" + i);
            all.add(c);
            member("u" + i, c);
        }
        long joinedEvents = first.sent.stream().filter(ServerFrame::hasMemberJoined).count();
        assertThat(joinedEvents).isEqualTo(511);
        time.advance(Duration.ofSeconds(2));
        channels.sweep();
        assertThat(counts(first)).as("above 512: not within 3 s of the last push").containsExactly(1);
        time.advance(Duration.ofSeconds(1));
        channels.sweep();
        assertThat(counts(first)).containsExactly(1, 520);
        member("late", new FakeConnection("late"));
        time.advance(Duration.ofSeconds(2));
        channels.sweep();
        assertThat(counts(first)).containsExactly(1, 520);
        time.advance(Duration.ofSeconds(1));
        channels.sweep();
        assertThat(counts(first)).containsExactly(1, 520, 521);
    }

    @Test
    void sample_isTheCallerPlusDistinctOthers_andJoinLeaveStayConsistent() {
        FakeConnection c0 = new FakeConnection("c0");
        Session caller = member("u0", c0);
        List<Session> others = new ArrayList<>();
        for (int i = 1; i < 700; i++) {
            others.add(member("u" + i, new FakeConnection("c" + i)));
        }
        for (int i = 0; i < 100; i++) { // swap-removes in the middle
            channels.leave(others.get(i * 3), ++rid, "room");
        }
        channels.getMembers(caller, ++rid, "room");
        List<String> ids = c0.last().getChannelMembers().getUserIdsList();
        assertThat(ids).hasSize(512).doesNotHaveDuplicates().contains("u0");
        assertThat(ids).doesNotContain("u1", "u4", "u7"); // left
        assertThat(channels.count(new ChannelKey("app", "room"))).isEqualTo(600);
    }

    @Test
    void join_invalidChannelId_isInvalidArgument_andJoinsNothing() {
        FakeConnection c = new FakeConnection("c");
        Session s = sessions.login(c, "app", "u", "", "").session();
        for (String bad : new String[] {"", "null", "a/b", "x".repeat(65)}) {
            channels.join(s, ++rid, bad);
            assertThat(c.last().getStatus().getCode()).as(bad).isEqualTo(io.parley.protocol.v1.ErrorCode.INVALID_ARGUMENT);
        }
        assertThat(channels.channelCount()).isZero();
    }

    private static List<ErrorCode> replies(FakeConnection c) {
        return c.sent.stream().filter(f -> f.getRequestId() != 0).map(f -> f.getStatus().getCode()).toList();
    }

    @Test
    void send_textWithARawPayload_isInvalidMessage_andNoMemberGetsIt() {
        InvalidMessageCounter counted = new InvalidMessageCounter();
        channels.metrics(counted);
        FakeConnection a = new FakeConnection("a");
        FakeConnection b = new FakeConnection("b");
        Session alice = member("alice", a);
        member("bob", b);

        channels.send(alice, 100, SendChannelMessage.newBuilder().setChannelId("room").setBody(MessageBody.newBuilder()
                .setType(MessageType.MESSAGE_TYPE_TEXT).setText("hi").setRaw(ByteString.copyFrom(new byte[96 * 1024])))
                .build());

        assertThat(a.last().getRequestId()).isEqualTo(100);
        assertThat(a.last().getStatus().getCode()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(b.sent).noneMatch(ServerFrame::hasChannelMessage);
        assertThat(counted.bySource).containsEntry("channel", 1);
    }

    @Test
    void send_unknownFieldsInTheBody_areNotForwardedToMembers() {
        FakeConnection a = new FakeConnection("a");
        FakeConnection b = new FakeConnection("b");
        Session alice = member("alice", a);
        member("bob", b);
        MessageBody padded = MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("hello")
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(9, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFrom(new byte[90_000])).build()).build()).build();

        channels.send(alice, 100, SendChannelMessage.newBuilder().setChannelId("room").setBody(padded).build());

        assertThat(replies(a)).contains(ErrorCode.OK);
        ServerFrame push = b.sent.stream().filter(ServerFrame::hasChannelMessage).findFirst().orElseThrow();
        assertThat(push.getChannelMessage().getBody().getText()).isEqualTo("hello");
        assertThat(push.getChannelMessage().getBody().getUnknownFields().asMap()).isEmpty();
        assertThat(push.getSerializedSize()).isLessThan(100);
    }

    @Test
    // with the lock held across the writes the query below waits forever: fail after 30 s, do not hang
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aMessageFanOut_writesOutsideTheChannelLock() throws Exception {
        java.util.concurrent.CountDownLatch inSend = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        FakeConnection stuck = new FakeConnection("stuck");
        Session slow = sessions.login(new io.parley.server.session.Connection() {
            @Override
            public void send(ServerFrame frame) {
                stuck.send(frame);
            }

            @Override
            public void send(io.parley.server.session.EncodedFrame frame) {
                if (inSend.getCount() > 0 && frame.type() == ServerFrame.BodyCase.CHANNEL_MESSAGE) {
                    // the first channel message: a member whose write takes long (the test holds it)
                    inSend.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                stuck.send(frame);
            }

            @Override
            public void close(io.parley.protocol.v1.DisconnectCode code, String message) {
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public String remoteAddress() {
                return "slow";
            }
        }, "app", "slow", "", "").session();
        channels.join(slow, ++rid, "room");
        FakeConnection senderConn = new FakeConnection("sender");
        Session sender = member("sender", senderConn);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> channels.send(sender, ++rid, SendChannelMessage.newBuilder().setChannelId("room")
                    .setBody(MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("hi")).build()));
            inSend.await();
            // while the fan-out is inside the slow member's write, the channel itself is free:
            // a members query (which takes the channel's lock) is answered
            channels.getMembers(sender, ++rid, "room");
            assertThat(senderConn.sent).anyMatch(ServerFrame::hasChannelMembers);
        } finally {
            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(stuck.sent).anyMatch(f -> f.hasChannelMessage() && f.getChannelMessage().getBody().getText().equals("hi"));
    }
}
