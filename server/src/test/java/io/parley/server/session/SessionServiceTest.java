package io.parley.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.token.RtmTokenBuilder;
import io.parley.protocol.token.TokenVerifier;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.auth.Authenticator;
import io.parley.server.auth.LoginFailure;
import io.parley.server.config.AppConfig;
import io.parley.server.config.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionServiceTest {
    static final String APP = "970CA35de60c44645bbae8a215061b33";
    static final String CERT = "5CFd2fd1755d40ecb72977518be15d3b";

    private final FakeTime time = new FakeTime();
    private final List<String> events = new ArrayList<>();
    private SessionService service;
    private SessionLiveness liveness;

    @BeforeEach
    void setUp() {
        ServerConfig config = ServerConfig.builder().app(new AppConfig(APP, List.of(CERT), 0))
                .app(new AppConfig("capped", List.of(), 1)).build();
        service = new SessionService(new Authenticator(config,
                new TokenVerifier(() -> time.currentTimeMillis() / 1000, true, 300)), new SessionRegistry(), time);
        service.addListener(new SessionListener() {
            @Override
            public void sessionStarted(Session s) {
                events.add("started " + s.userId());
            }

            @Override
            public void sessionResumed(Session s) {
                events.add("resumed " + s.userId());
            }

            @Override
            public void sessionUnreachable(Session s) {
                events.add("unreachable " + s.userId());
            }

            @Override
            public void sessionReachable(Session s) {
                events.add("reachable " + s.userId());
            }

            @Override
            public void sessionEnded(Session s, SessionEndReason reason) {
                events.add("ended " + s.userId() + " " + reason);
            }
        });
        liveness = new SessionLiveness(service, time, Duration.ofSeconds(6), Duration.ofSeconds(30));
    }

    private String token(String user, long expireSeconds) {
        return RtmTokenBuilder.build007(APP, CERT, user, time.currentTimeMillis() / 1000, expireSeconds);
    }

    private SessionService.LoginResult login(FakeConnection c, String user, String resumeId) {
        return service.login(c, APP, user, token(user, 3600), resumeId);
    }

    @Test
    void login_secondLoginSameUser_abortsFirstWithRemoteLogin() {
        FakeConnection c1 = new FakeConnection("c1");
        FakeConnection c2 = new FakeConnection("c2");
        Session first = login(c1, "alice", "").session();

        Session second = login(c2, "alice", "").session();

        assertThat(second).isNotSameAs(first);
        assertThat(c1.closedWith).isEqualTo(DisconnectCode.REMOTE_LOGIN);
        assertThat(c2.closedWith).isNull();
        assertThat(first.isEnded()).isTrue();
        assertThat(service.registry().get(APP, "alice")).isSameAs(second);
        assertThat(events).containsExactly("started alice", "ended alice REMOTE_LOGIN", "started alice");
    }

    @Test
    void login_withCurrentSessionId_resumesAndClosesTheOldConnection() {
        FakeConnection c1 = new FakeConnection("c1");
        FakeConnection c2 = new FakeConnection("c2");
        Session s = login(c1, "bob", "").session();

        SessionService.LoginResult r = login(c2, "bob", s.id());

        assertThat(r.resumed()).isTrue();
        assertThat(r.session()).isSameAs(s);
        assertThat(s.connection()).isSameAs(c2);
        assertThat(c1.closedWith).isEqualTo(DisconnectCode.CONNECTION_REPLACED);
        assertThat(events).containsExactly("started bob", "resumed bob");
    }

    @Test
    void login_withUnknownSessionId_startsFresh() {
        SessionService.LoginResult r = login(new FakeConnection("c"), "carol", "no-such-session");
        assertThat(r.ok()).isTrue();
        assertThat(r.resumed()).isFalse();
    }

    @Test
    void login_failures_areMappedFromTheTokenAndPolicy() {
        FakeConnection c = new FakeConnection("c");
        assertThat(service.login(c, APP, "dan", "", "").failure()).isEqualTo(LoginFailure.INVALID_TOKEN);
        assertThat(service.login(c, APP, "dan", token("eve", 600), "").failure()).isEqualTo(LoginFailure.INVALID_TOKEN);
        assertThat(service.login(c, "unknown", "dan", "", "").failure()).isEqualTo(LoginFailure.INVALID_APP_ID);
        assertThat(service.login(c, APP, "bad/id", token("bad/id", 600), "").failure())
                .isEqualTo(LoginFailure.INVALID_ARGUMENT);
        assertThat(service.login(c, "capped", "one", "", "").ok()).isTrue();
        assertThat(service.login(c, "capped", "two", "", "").failure()).isEqualTo(LoginFailure.REJECTED);
        assertThat(service.login(c, "capped", "one", "", "").ok()).as("same user replaces, cap not hit").isTrue();
        service.drain();
        assertThat(login(c, "dan", "").failure()).isEqualTo(LoginFailure.REJECTED);
    }

    @Test
    void liveness_unreachableAfter6s_reachableOnPacket_endedAfter30s() {
        FakeConnection c = new FakeConnection("c");
        Session s = login(c, "frank", "").session();

        time.advance(Duration.ofMillis(5_999));
        liveness.sweep();
        assertThat(s.isUnreachable()).isFalse();
        time.advance(Duration.ofMillis(1));
        liveness.sweep();
        liveness.sweep();
        assertThat(s.isUnreachable()).isTrue();
        service.touch(s);
        assertThat(s.isUnreachable()).isFalse();

        service.connectionClosed(s, c);
        time.advance(Duration.ofSeconds(29));
        liveness.sweep();
        assertThat(s.isEnded()).isFalse();
        time.advance(Duration.ofSeconds(1));
        liveness.sweep();

        assertThat(s.isEnded()).isTrue();
        assertThat(service.registry().get(APP, "frank")).isNull();
        assertThat(events).containsExactly("started frank", "unreachable frank", "reachable frank",
                "unreachable frank", "ended frank TIMEOUT");
    }

    @Test
    void liveness_attachedButSilentFor30s_endsAndClosesWithSessionExpired() {
        FakeConnection c = new FakeConnection("c");
        Session s = login(c, "gina", "").session();
        time.advance(Duration.ofSeconds(30));
        liveness.sweep();
        assertThat(s.isEnded()).isTrue();
        assertThat(c.closedWith).isEqualTo(DisconnectCode.SESSION_EXPIRED);
    }

    @Test
    void liveness_tokenWillExpireOnceThenExpiredAborts() {
        FakeConnection c = new FakeConnection("c");
        Session s = login(c, "hank", "").session();
        // a short-lived token: renew to one expiring in 40 s
        assertThat(service.renewToken(s, token("hank", 40)).ok()).isTrue();

        time.advance(Duration.ofSeconds(5));
        service.touch(s);
        liveness.sweep();
        assertThat(c.sent).isEmpty();
        time.advance(Duration.ofSeconds(6));
        service.touch(s);
        liveness.sweep();
        liveness.sweep();
        assertThat(c.sent).extracting(ServerFrame::getBodyCase).containsExactly(ServerFrame.BodyCase.TOKEN_WILL_EXPIRE);

        time.advance(Duration.ofSeconds(30));
        service.touch(s);
        liveness.sweep();
        assertThat(c.sent).extracting(ServerFrame::getBodyCase)
                .containsExactly(ServerFrame.BodyCase.TOKEN_WILL_EXPIRE, ServerFrame.BodyCase.TOKEN_EXPIRED);
        assertThat(c.closedWith).isEqualTo(DisconnectCode.TOKEN_EXPIRED_ABORT);
        assertThat(events).contains("ended hank TOKEN_EXPIRED");
    }

    @Test
    void liveness_sweepLooksOnlyAtDueSessions_notAtEverySession() {
        List<Session> all = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            all.add(service.login(new FakeConnection("c" + i), APP, "u" + i, token("u" + i, 3600), "").session());
        }
        time.advance(Duration.ofSeconds(3));
        assertThat(liveness.sweep()).as("nothing is due 3 s after login").isZero();
        for (int i = 0; i < 500; i++) {
            service.touch(all.get(i));
        }
        time.advance(Duration.ofSeconds(3));

        assertThat(liveness.sweep()).as("each session's idle check comes due once").isEqualTo(1_000);
        assertThat(all.stream().filter(Session::isUnreachable).count()).isEqualTo(500);
        assertThat(liveness.sweep()).as("and is queued again, not looked at every sweep").isZero();
        time.advance(Duration.ofSeconds(1));
        assertThat(liveness.sweep()).as("the 500 unreachable ones are rechecked each second").isEqualTo(500);
    }

    @Test
    void liveness_endedSessionsLeaveTheQueues_withinTheTokenHorizon() {
        for (int i = 0; i < 100; i++) {
            Session s = service.login(new FakeConnection("c" + i), APP, "u" + i, token("u" + i, 86_400), "").session();
            service.logout(s);
        }
        assertThat(liveness.queuedChecks()).isEqualTo(200);
        time.advance(Duration.ofMillis(SessionLiveness.TOKEN_CHECK_HORIZON_MILLIS));
        liveness.sweep();
        assertThat(liveness.queuedChecks()).isZero();
    }

    @Test
    void liveness_tokenRenewedToALaterExpiry_isNeitherWarnedNorEndedAtTheOldOne() {
        FakeConnection c = new FakeConnection("c");
        Session s = login(c, "kim", "").session();
        assertThat(service.renewToken(s, token("kim", 40)).ok()).isTrue();
        assertThat(service.renewToken(s, token("kim", 7_200)).ok()).isTrue();
        for (int t = 0; t < 60; t++) {
            time.advance(Duration.ofSeconds(1));
            service.touch(s);
            liveness.sweep();
        }
        assertThat(c.sent).isEmpty();
        assertThat(s.isEnded()).isFalse();
    }

    @Test
    void renewToken_forAnotherUser_isRefusedAndExpiryUnchanged() {
        Session s = login(new FakeConnection("c"), "ivy", "").session();
        long before = s.tokenExpiresAtMillis();
        assertThat(service.renewToken(s, token("other", 7200)).failure()).isEqualTo(LoginFailure.INVALID_TOKEN);
        assertThat(s.tokenExpiresAtMillis()).isEqualTo(before);
    }

    @Test
    void logout_endsOnce() {
        Session s = login(new FakeConnection("c"), "jay", "").session();
        service.logout(s);
        service.logout(s);
        assertThat(events).containsExactly("started jay", "ended jay LOGOUT");
    }
}
