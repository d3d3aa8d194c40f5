package io.parley.it;

import static io.parley.it.support.Servers.APP_ID;
import static io.parley.it.support.Servers.CERT;
import static io.parley.it.support.Servers.CERT2;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_FAILURE;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_SUCCESS;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_CONNECTED;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_CONNECTING;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.it.support.StateRecorder.Change;
import io.parley.protocol.token.AccessToken006;
import io.parley.protocol.token.RtmTokenBuilder;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmStatusCode.LoginError;
import io.parley.rtm.RtmStatusCode.LogoutError;
import io.parley.server.ParleyServer;
import io.parley.server.config.AppConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginIT {
    private ParleyServer server;
    private final List<RtmClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = Servers.start(Servers.config()
                .app(new AppConfig(APP_ID, List.of(CERT, CERT2), 0))
                .app(new AppConfig("capped-app", List.of(), 1))
                .app(new AppConfig("open-app", List.of(), 0))
                .build());
    }

    @AfterEach
    void stop() {
        clients.forEach(RtmClient::release);
        server.close();
    }

    private RtmClient client(String appId, StateRecorder rec) {
        RtmClient c = Servers.client(appId, rec, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        clients.add(c);
        return c;
    }

    private int login(RtmClient c, String token, String user) {
        Result<Void> r = new Result<>();
        c.login(token, user, r);
        return r.await();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void login_with006Token_connectsWithLoginThenLoginSuccess() {
        StateRecorder rec = new StateRecorder();
        RtmClient c = client(APP_ID, rec);
        Result<Void> r = new Result<>();

        c.login(RtmTokenBuilder.build006(APP_ID, CERT, "alice", now(), now() + 600), "alice", r);

        assertThat(r.await()).isEqualTo(0);
        rec.awaitLast(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGE_REASON_LOGIN_SUCCESS, Duration.ofSeconds(5));
        assertThat(rec.changes).containsExactly(new Change(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGE_REASON_LOGIN),
                new Change(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGE_REASON_LOGIN_SUCCESS));
        assertThat(server.sessions().get(APP_ID, "alice")).isNotNull();
    }

    @Test
    void login_with007Token_connects() {
        StateRecorder rec = new StateRecorder();
        assertThat(login(client(APP_ID, rec), RtmTokenBuilder.build007(APP_ID, CERT, "bob", now(), 600), "bob")).isZero();
        assertThat(server.sessions().get(APP_ID, "bob")).isNotNull();
    }

    @Test
    void login_withTokenFromSecondaryCertificate_connects() {
        assertThat(login(client(APP_ID, new StateRecorder()), RtmTokenBuilder.build007(APP_ID, CERT2, "carol", now(), 600),
                "carol")).isZero();
    }

    @Test
    void login_withTokenPrintedByTheTokenCommand_connects() throws Exception {
        for (String format : List.of("006", "007")) {
            Process p = new ProcessBuilder("java", "-jar", Servers.serverJar().toString(), "token", "--app-id", APP_ID,
                    "--app-certificate", CERT, "--user", "dave" + format, "--format", format).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String token = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            assertThat(p.exitValue()).isZero();
            assertThat(token).startsWith(format);

            assertThat(login(client(APP_ID, new StateRecorder()), token, "dave" + format)).isZero();
        }
    }

    @Test
    void callbacks_runOffIoThreads() {
        StateRecorder rec = new StateRecorder();
        RtmClient c = client(APP_ID, rec);
        Result<Void> r = new Result<>();
        c.login(RtmTokenBuilder.build007(APP_ID, CERT, "erin", now(), 600), "erin", r);
        assertThat(r.await()).isZero();
        rec.awaitLast(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGE_REASON_LOGIN_SUCCESS, Duration.ofSeconds(5));
        assertThat(r.thread()).startsWith("parley-sdk-callback");
        assertThat(rec.callbackThreads).allMatch(t -> t.startsWith("parley-sdk-callback"));
    }

    @Test
    void login_failures_mapToEveryServerSideLoginError() {
        // bad signature (token for another certificate)
        String wrongCert = RtmTokenBuilder.build007(APP_ID, "ffffffffffffffffffffffffffffffff", "u1", now(), 600);
        assertThat(login(client(APP_ID, new StateRecorder()), wrongCert, "u1")).isEqualTo(LoginError.LOGIN_ERR_INVALID_TOKEN);
        // token for another user
        assertThat(login(client(APP_ID, new StateRecorder()), RtmTokenBuilder.build007(APP_ID, CERT, "other", now(), 600),
                "u2")).isEqualTo(LoginError.LOGIN_ERR_INVALID_TOKEN);
        // garbage and missing tokens
        assertThat(login(client(APP_ID, new StateRecorder()), "007garbage", "u3")).isEqualTo(LoginError.LOGIN_ERR_INVALID_TOKEN);
        assertThat(login(client(APP_ID, new StateRecorder()), null, "u4")).isEqualTo(LoginError.LOGIN_ERR_INVALID_TOKEN);
        // expired
        assertThat(login(client(APP_ID, new StateRecorder()), RtmTokenBuilder.build007(APP_ID, CERT, "u5", now() - 700, 600),
                "u5")).isEqualTo(LoginError.LOGIN_ERR_TOKEN_EXPIRED);
        assertThat(login(client(APP_ID, new StateRecorder()), RtmTokenBuilder.build006(APP_ID, CERT, "u6", now(), now() - 5),
                "u6")).isEqualTo(LoginError.LOGIN_ERR_TOKEN_EXPIRED);
        // signed correctly but without the RTM login privilege
        String rtcOnly = AccessToken006.build(APP_ID, CERT, "u7", "", 9, now() + 600, Map.of(1, now() + 600));
        assertThat(login(client(APP_ID, new StateRecorder()), rtcOnly, "u7")).isEqualTo(LoginError.LOGIN_ERR_NOT_AUTHORIZED);
        // token minted for another app, and an unknown app id
        String otherApp = RtmTokenBuilder.build007("0123456789abcdef0123456789abcdef", CERT, "u8", now(), 600);
        assertThat(login(client(APP_ID, new StateRecorder()), otherApp, "u8")).isEqualTo(LoginError.LOGIN_ERR_INVALID_APP_ID);
        assertThat(login(client("no-such-app", new StateRecorder()), "", "u9")).isEqualTo(LoginError.LOGIN_ERR_INVALID_APP_ID);
        // app at its user cap
        assertThat(login(client("capped-app", new StateRecorder()), "", "first")).isZero();
        assertThat(login(client("capped-app", new StateRecorder()), "", "second")).isEqualTo(LoginError.LOGIN_ERR_REJECTED);
        // invalid user ids
        for (String bad : new String[] {"", "null", " lead", "a".repeat(65), "bad/char"}) {
            assertThat(login(client("open-app", new StateRecorder()), "", bad)).as(bad)
                    .isEqualTo(LoginError.LOGIN_ERR_INVALID_ARGUMENT);
        }
    }

    @Test
    void failedLogin_goesConnectingThenDisconnectedWithLoginFailure() {
        StateRecorder rec = new StateRecorder();
        assertThat(login(client(APP_ID, rec), "007garbage", "zed")).isEqualTo(LoginError.LOGIN_ERR_INVALID_TOKEN);
        rec.awaitLast(CONNECTION_STATE_DISCONNECTED, CONNECTION_CHANGE_REASON_LOGIN_FAILURE, Duration.ofSeconds(5));
        assertThat(rec.changes).containsExactly(new Change(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGE_REASON_LOGIN),
                new Change(CONNECTION_STATE_DISCONNECTED, CONNECTION_CHANGE_REASON_LOGIN_FAILURE));
    }

    @Test
    void login_moreThanTwicePerSecond_isTooOften() {
        RtmClient c = client(APP_ID, new StateRecorder());
        assertThat(login(c, "007garbage", "fast")).isEqualTo(LoginError.LOGIN_ERR_INVALID_TOKEN);
        assertThat(login(c, "007garbage", "fast")).isEqualTo(LoginError.LOGIN_ERR_INVALID_TOKEN);
        assertThat(login(c, "007garbage", "fast")).isEqualTo(LoginError.LOGIN_ERR_TOO_OFTEN);
    }

    @Test
    void login_whileConnectedOrConnecting_isAlreadyLogin() {
        RtmClient c = client("open-app", new StateRecorder());
        Result<Void> first = new Result<>();
        Result<Void> second = new Result<>();
        c.login(null, "twice", first);
        c.login(null, "twice", second);
        assertThat(second.await()).isEqualTo(LoginError.LOGIN_ERR_ALREADY_LOGIN);
        assertThat(first.await()).isZero();
        assertThat(login(c, null, "twice")).isEqualTo(LoginError.LOGIN_ERR_ALREADY_LOGIN);
    }

    @Test
    void login_serverNeverAnswers_timesOutWithLoginTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException ignored) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            StateRecorder rec = new StateRecorder();
            RtmClient c = Servers.client("open-app", rec, Servers.clientConfig("127.0.0.1:" + silent.getLocalPort())
                    .loginTimeout(2, TimeUnit.SECONDS).build());
            clients.add(c);

            assertThat(login(c, null, "waiting")).isEqualTo(LoginError.LOGIN_ERR_TIMEOUT);
            rec.awaitLast(CONNECTION_STATE_DISCONNECTED, CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT, Duration.ofSeconds(5));
            assertThat(accepted).isNotEmpty();
        }
    }

    @Test
    void logout_whenNotLoggedIn_isUserNotLoggedIn() {
        Result<Void> r = new Result<>();
        client("open-app", new StateRecorder()).logout(r);
        assertThat(r.await()).isEqualTo(LogoutError.LOGOUT_ERR_USER_NOT_LOGGED_IN);
    }

    @Test
    void logout_endsTheServerSession() {
        StateRecorder rec = new StateRecorder();
        RtmClient c = client("open-app", rec);
        assertThat(login(c, null, "leaver")).isZero();
        Result<Void> r = new Result<>();
        c.logout(r);
        assertThat(r.await()).isZero();
        rec.awaitLast(CONNECTION_STATE_DISCONNECTED, 6, Duration.ofSeconds(5));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> server.sessions().get("open-app", "leaver") == null);
    }
}
