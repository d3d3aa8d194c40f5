package io.parley.rtm.internal;

import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_INTERRUPTED;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_SUCCESS;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGOUT;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_CONNECTED;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_CONNECTING;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_DISCONNECTED;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmStatusCode.LoginError;
import io.parley.rtm.internal.FakeConnector.FakeConnection;
import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.ErrorCode;
import io.parley.rtm.internal.wire.Ping;
import io.parley.rtm.internal.wire.Pong;
import io.parley.rtm.internal.wire.SendPeerMessage;
import io.parley.rtm.internal.wire.ServerFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/** The connection state machine's timing, driven by a manual clock: no sockets, no waiting. */
class ConnectionManagerTest {
    private final ManualTimers timers = new ManualTimers();
    private final DeadlineSweeper sweeper = new DeadlineSweeper(timers);
    private final FakeConnector connector = new FakeConnector();
    private final RecordingClientListener listener = new RecordingClientListener();
    private final ConnectionManager manager = new ConnectionManager("app", RtmClientConfig.builder()
            .endpoints("a:1,b:2").build(), listener, Runnable::run, timers, sweeper, connector);

    private FakeConnection loggedIn(RecordingCallback<Void> cb) {
        manager.login(null, "alice", cb);
        FakeConnection conn = connector.accept();
        conn.acceptLogin("s1", false, 0);
        return conn;
    }

    @Test
    void login_sendsLoginOnTheFirstEndpoint_andSucceedsOnTheReply() {
        RecordingCallback<Void> cb = new RecordingCallback<>();
        manager.login("tok", "alice", cb);
        assertThat(listener.last()).containsExactly(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGE_REASON_LOGIN);
        assertThat(connector.attempts).containsExactly("a:1");

        FakeConnection conn = connector.accept();
        ClientFrame login = conn.last(ClientFrame.BodyCase.LOGIN);
        assertThat(login.getLogin().getAppId()).isEqualTo("app");
        assertThat(login.getLogin().getUserId()).isEqualTo("alice");
        assertThat(login.getLogin().getToken()).isEqualTo("tok");
        assertThat(login.getLogin().getResumeSessionId()).isEmpty();
        assertThat(cb.calls).isZero();

        conn.acceptLogin("s1", false, 0);
        assertThat(cb.succeeded()).isTrue();
        assertThat(manager.state()).isEqualTo(ConnState.CONNECTED);
        assertThat(listener.last()).containsExactly(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGE_REASON_LOGIN_SUCCESS);
    }

    @Test
    void login_whileConnectsHang_retriesOtherEndpoints_andTimesOutAt12Seconds() {
        RecordingCallback<Void> cb = new RecordingCallback<>();
        manager.login(null, "alice", cb);
        timers.advance(11_999);
        assertThat(cb.calls).isZero();
        assertThat(manager.state()).isEqualTo(ConnState.CONNECTING);
        // each hung connect is abandoned after 4 s and the next endpoint tried 0.2–0.4 s later
        assertThat(connector.attempts).hasSizeGreaterThanOrEqualTo(3).startsWith("a:1", "b:2", "a:1");

        timers.advance(1);
        assertThat(cb.errorCode()).isEqualTo(LoginError.LOGIN_ERR_TIMEOUT);
        assertThat(listener.last()).containsExactly(CONNECTION_STATE_DISCONNECTED, CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT);
        int attempts = connector.attempts.size();
        timers.advance(60_000);
        assertThat(connector.attempts).hasSize(attempts);
    }

    @Test
    void login_refused_failsWithTheMappedCode_andStopsTrying() {
        RecordingCallback<Void> cb = new RecordingCallback<>();
        manager.login(null, "alice", cb);
        connector.accept().refuseLogin(ErrorCode.INVALID_TOKEN);
        assertThat(cb.errorCode()).isEqualTo(LoginError.LOGIN_ERR_INVALID_TOKEN);
        assertThat(manager.state()).isEqualTo(ConnState.DISCONNECTED);
        timers.advance(60_000);
        assertThat(connector.attempts).hasSize(1);
    }

    @Test
    void heartbeat_pingsEveryInterval_andAnswersKeepTheConnection() {
        FakeConnection conn = loggedIn(new RecordingCallback<>());
        for (int i = 1; i <= 10; i++) {
            timers.advance(2_000);
            assertThat(conn.count(ClientFrame.BodyCase.PING)).isEqualTo(i);
            conn.push(ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build());
        }
        assertThat(conn.isOpen()).isTrue();
        assertThat(manager.state()).isEqualTo(ConnState.CONNECTED);
    }

    @Test
    void heartbeat_usesTheServersShorterInterval() {
        manager.login(null, "alice", new RecordingCallback<>());
        FakeConnection conn = connector.accept();
        conn.acceptLogin("s1", false, 500);
        timers.advance(1_000);
        assertThat(conn.count(ClientFrame.BodyCase.PING)).isEqualTo(2);
    }

    @Test
    void silentServer_after4Seconds_closesAndReconnects_resumingTheSession() {
        FakeConnection conn = loggedIn(new RecordingCallback<>());
        timers.advance(4_000);
        assertThat(conn.isOpen()).as("4 s of silence is still alive").isTrue();
        timers.advance(2_000); // the beat at 6 s sees 6 s of silence
        assertThat(conn.isOpen()).isFalse();
        assertThat(listener.last()).containsExactly(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGE_REASON_INTERRUPTED);

        // first reconnect after 0.25–0.5 s (0.5 s with jitter)
        timers.advance(249);
        assertThat(connector.attempts).hasSize(1);
        timers.advance(251);
        assertThat(connector.attempts).hasSize(2);

        FakeConnection again = connector.accept();
        assertThat(again.last(ClientFrame.BodyCase.LOGIN).getLogin().getResumeSessionId()).isEqualTo("s1");
        again.acceptLogin("s1", true, 0);
        assertThat(listener.last()).containsExactly(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGE_REASON_LOGIN_SUCCESS);
    }

    @Test
    void reconnectBackoff_doublesFromHalfASecondTo8Seconds_withJitterInTheUpperHalf() {
        FakeConnection conn = loggedIn(new RecordingCallback<>());
        conn.close(); // the network went away
        long[] caps = {500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000};
        for (long cap : caps) {
            int before = connector.attempts.size();
            long waited = 0;
            while (connector.attempts.size() == before) {
                timers.advance(1);
                waited++;
                assertThat(waited).as("attempt after at most %d ms", cap).isLessThanOrEqualTo(cap);
            }
            assertThat(waited).as("attempt after at least %d ms", cap / 2).isGreaterThanOrEqualTo(cap / 2);
            connector.refuse();
        }
        assertThat(manager.state()).isEqualTo(ConnState.RECONNECTING);
    }

    @Test
    void sessionRequests_madeWhileReconnecting_goOutAfterTheResume() throws Exception {
        FakeConnection conn = loggedIn(new RecordingCallback<>());
        conn.close();
        CompletableFuture<ServerFrame> sent = manager.sessionRequest(ClientFrame.newBuilder()
                .setSendPeerMessage(SendPeerMessage.newBuilder().setPeerId("bob")), 10_000);
        timers.advance(500);
        FakeConnection again = connector.accept();
        assertThat(again.kinds()).containsExactly(ClientFrame.BodyCase.LOGIN);
        again.acceptLogin("s1", true, 0);
        assertThat(again.kinds()).containsExactly(ClientFrame.BodyCase.LOGIN, ClientFrame.BodyCase.SEND_PEER_MESSAGE);

        again.answer(again.last(ClientFrame.BodyCase.SEND_PEER_MESSAGE), ErrorCode.OK);
        assertThat(sent.get().getStatus().getCode()).isEqualTo(ErrorCode.OK);
    }

    @Test
    void connectionBoundRequests_failWhenTheConnectionDrops_sessionBoundOnesWait() {
        FakeConnection conn = loggedIn(new RecordingCallback<>());
        CompletableFuture<ServerFrame> plain = manager.request(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()),
                5_000);
        CompletableFuture<ServerFrame> session = manager.sessionRequest(ClientFrame.newBuilder()
                .setSendPeerMessage(SendPeerMessage.newBuilder().setPeerId("bob")), 10_000);
        conn.close();
        assertThat(plain).isCompletedExceptionally();
        assertThat(session).isNotDone();
    }

    @Test
    void request_timesOutAtItsDeadline_andTheSweepStopsWhenNothingIsPending() {
        loggedIn(new RecordingCallback<>());
        CompletableFuture<ServerFrame> f = manager.request(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()),
                5_000);
        assertThat(sweeper.running()).isTrue();
        timers.advance(4_990);
        assertThat(f).isNotDone();
        timers.advance(2 * DeadlineSweeper.PERIOD_MILLIS);
        assertThat(cause(f::get)).isInstanceOf(TimeoutException.class);
        timers.advance(DeadlineSweeper.PERIOD_MILLIS);
        assertThat(sweeper.running()).isFalse();
    }

    @Test
    void tokenExpiredOnReconnect_tellsTheAppOnce_andWaitsForRenewToken() {
        FakeConnection conn = loggedIn(new RecordingCallback<>());
        conn.close();
        timers.advance(500);
        connector.accept().refuseLogin(ErrorCode.TOKEN_EXPIRED);
        assertThat(listener.tokenExpired).isEqualTo(1);
        int attempts = connector.attempts.size();
        timers.advance(60_000);
        assertThat(connector.attempts).as("no retries with a token known to be expired").hasSize(attempts);

        RecordingCallback<Void> renewed = new RecordingCallback<>();
        manager.renewToken("fresh", renewed);
        assertThat(renewed.succeeded()).isTrue();
        timers.advance(1_000); // the second backoff step: 0.5–1 s
        assertThat(connector.attempts).hasSize(attempts + 1);
        assertThat(connector.accept().last(ClientFrame.BodyCase.LOGIN).getLogin().getToken()).isEqualTo("fresh");
    }

    @Test
    void logout_sendsLogout_failsPendingRequests_andClosesOnTheAnswer() {
        FakeConnection conn = loggedIn(new RecordingCallback<>());
        CompletableFuture<ServerFrame> pending = manager.request(ClientFrame.newBuilder()
                .setPing(Ping.getDefaultInstance()), 5_000);
        RecordingCallback<Void> cb = new RecordingCallback<>();
        manager.logout(cb);
        assertThat(cb.succeeded()).isTrue();
        assertThat(listener.last()).containsExactly(CONNECTION_STATE_DISCONNECTED, CONNECTION_CHANGE_REASON_LOGOUT);
        assertThat(cause(pending::get)).isInstanceOf(PendingRequests.SessionClosedException.class);
        assertThat(conn.isOpen()).isTrue();
        conn.answer(conn.last(ClientFrame.BodyCase.LOGOUT), ErrorCode.OK);
        assertThat(conn.isOpen()).isFalse();
        timers.advance(60_000);
        assertThat(connector.attempts).hasSize(1);
    }

    @Test
    void logout_withoutAnAnswer_closesAfterTheGracePeriod() {
        FakeConnection conn = loggedIn(new RecordingCallback<>());
        manager.logout(null);
        timers.advance(1_900);
        assertThat(conn.isOpen()).isTrue();
        timers.advance(200);
        assertThat(conn.isOpen()).isFalse();
    }

    private static Throwable cause(ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("no failure");
    }
}
