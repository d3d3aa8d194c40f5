package io.parley.it;

import static io.parley.it.support.Servers.APP_ID;
import static io.parley.it.support.Servers.CERT;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_TOKEN_EXPIRED;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_ABORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.protocol.token.RtmTokenBuilder;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmStatusCode.RenewTokenError;
import io.parley.server.ParleyServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The session knows its token expiry: warning 30 s before, ABORTED/TOKEN_EXPIRED at expiry, renewal moves it. */
class TokenExpiryIT {

    @Test
    void tokenExpiringWhileConnected_warnsThenAbortsWithTokenExpired() {
        ParleyServer server = Servers.start(Servers.config().app(APP_ID, CERT).build());
        StateRecorder rec = new StateRecorder();
        RtmClient c = Servers.client(APP_ID, rec, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        try {
            long now = System.currentTimeMillis() / 1000;
            Result<Void> r = new Result<>();
            c.login(RtmTokenBuilder.build006(APP_ID, CERT, "tess", now, now + 2), "tess", r);
            assertThat(r.await()).isZero();

            await().atMost(Duration.ofSeconds(5)).until(() -> rec.tokenWillExpire.get() == 1);
            rec.awaitLast(CONNECTION_STATE_ABORTED, CONNECTION_CHANGE_REASON_TOKEN_EXPIRED, Duration.ofSeconds(10));
            assertThat(rec.tokenExpired.get()).isEqualTo(1);
            assertThat(server.sessions().get(APP_ID, "tess")).isNull();
        } finally {
            c.release();
            server.close();
        }
    }

    @Test
    void renewToken_beforeExpiry_keepsTheSessionAlive_andBadTokensAreRefused() {
        ParleyServer server = Servers.start(Servers.config().app(APP_ID, CERT, Servers.CERT2).build());
        StateRecorder rec = new StateRecorder();
        RtmClient c = Servers.client(APP_ID, rec, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        try {
            long now = System.currentTimeMillis() / 1000;
            Result<Void> r = new Result<>();
            c.login(RtmTokenBuilder.build006(APP_ID, CERT, "ruth", now, now + 3), "ruth", r);
            assertThat(r.await()).isZero();

            Result<Void> bad = new Result<>();
            c.renewToken(RtmTokenBuilder.build007(APP_ID, CERT, "someone-else", now, 600), bad);
            assertThat(bad.await()).isEqualTo(RenewTokenError.RENEW_TOKEN_ERR_INVALID_TOKEN);
            Result<Void> expired = new Result<>();
            c.renewToken(RtmTokenBuilder.build007(APP_ID, CERT, "ruth", now - 700, 600), expired);
            assertThat(expired.await()).isEqualTo(RenewTokenError.RENEW_TOKEN_ERR_TOKEN_EXPIRED);
            // two renewals used this second's budget (2/s): the next window starts 1 s after the first
            await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ofMillis(1100)).until(() -> true);
            Result<Void> good = new Result<>();
            // signed with the secondary certificate: rotation without downtime
            c.renewToken(RtmTokenBuilder.build007(APP_ID, Servers.CERT2, "ruth", now, 600), good);
            assertThat(good.await()).isZero();
            Result<Void> second = new Result<>();
            c.renewToken(RtmTokenBuilder.build007(APP_ID, CERT, "ruth", now, 600), second);
            assertThat(second.await()).isZero();
            Result<Void> tooOften = new Result<>();
            c.renewToken(RtmTokenBuilder.build007(APP_ID, CERT, "ruth", now, 600), tooOften);
            assertThat(tooOften.await()).isEqualTo(RenewTokenError.RENEW_TOKEN_ERR_TOO_OFTEN);
            Result<Void> empty = new Result<>();
            c.renewToken("", empty);
            assertThat(empty.await()).isEqualTo(RenewTokenError.RENEW_TOKEN_ERR_INVALID_ARGUMENT);

            // past the original expiry the session is still there
            long renewedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(8)).until(() -> System.nanoTime() - renewedAt > 4_500_000_000L
                    && server.sessions().get(APP_ID, "ruth") != null);
            assertThat(rec.tokenExpired.get()).isZero();
            assertThat(rec.last().state()).isEqualTo(io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_CONNECTED);
        } finally {
            c.release();
            server.close();
        }
    }

    @Test
    void reconnectingWithAnExpiredToken_firesTokenExpired_andWaitsForRenewToken() throws Exception {
        ParleyServer server = Servers.start(Servers.config().app(APP_ID, CERT).build());
        io.parley.it.support.TcpProxy proxy = new io.parley.it.support.TcpProxy(server.port());
        StateRecorder rec = new StateRecorder();
        RtmClient c = Servers.client(APP_ID, rec, Servers.clientConfig(proxy.endpoint()).build());
        try {
            long now = System.currentTimeMillis() / 1000;
            long expiresAt = now + 3;
            Result<Void> r = new Result<>();
            c.login(RtmTokenBuilder.build006(APP_ID, CERT, "rita", now, expiresAt), "rita", r);
            assertThat(r.await()).isZero();
            int mark = rec.changes.size();
            proxy.setRefusing(true);
            proxy.cutAll();
            rec.awaitSeen(mark, io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_RECONNECTING,
                    io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_INTERRUPTED, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() / 1000 > expiresAt);
            proxy.setRefusing(false);

            await().atMost(Duration.ofSeconds(15)).until(() -> rec.tokenExpired.get() == 1);
            assertThat(rec.last().state()).isEqualTo(io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_RECONNECTING);
            Result<Void> renew = new Result<>();
            c.renewToken(RtmTokenBuilder.build007(APP_ID, CERT, "rita", System.currentTimeMillis() / 1000, 600), renew);
            assertThat(renew.await()).isZero();
            rec.awaitLast(io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_CONNECTED,
                    io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_SUCCESS, Duration.ofSeconds(15));
        } finally {
            c.release();
            proxy.close();
            server.close();
        }
    }
}
