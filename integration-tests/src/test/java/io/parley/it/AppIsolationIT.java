package io.parley.it;

import static io.parley.it.support.Servers.APP_ID;
import static io.parley.it.support.Servers.CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.protocol.token.RtmTokenBuilder;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmStatusCode.ConnectionState;
import io.parley.rtm.RtmStatusCode.LoginError;
import io.parley.server.ParleyServer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class AppIsolationIT {
    private static final String OTHER_APP = "aaaabbbbccccddddeeeeffff00001111";
    private static final String OTHER_CERT = "11112222333344445555666677778888";

    @Test
    void sameUserIdInTwoApps_areTwoIndependentSessions_andTokensDoNotCross() {
        ParleyServer server = Servers.start(Servers.config().app(APP_ID, CERT).app(OTHER_APP, OTHER_CERT).build());
        long now = System.currentTimeMillis() / 1000;
        StateRecorder recA = new StateRecorder();
        StateRecorder recB = new StateRecorder();
        RtmClient a = Servers.client(APP_ID, recA, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        RtmClient b = Servers.client(OTHER_APP, recB, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        RtmClient crossing = Servers.client(OTHER_APP, new StateRecorder(),
                Servers.clientConfig("127.0.0.1:" + server.port()).build());
        try {
            Result<Void> ra = new Result<>();
            a.login(RtmTokenBuilder.build007(APP_ID, CERT, "sam", now, 600), "sam", ra);
            assertThat(ra.await()).isZero();
            Result<Void> rb = new Result<>();
            b.login(RtmTokenBuilder.build007(OTHER_APP, OTHER_CERT, "sam", now, 600), "sam", rb);
            assertThat(rb.await()).isZero();

            // no REMOTE_LOGIN across apps: both stay connected with separate sessions
            assertThat(server.sessions().get(APP_ID, "sam")).isNotNull();
            assertThat(server.sessions().get(OTHER_APP, "sam")).isNotNull()
                    .isNotSameAs(server.sessions().get(APP_ID, "sam"));
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> recA.last().state() == ConnectionState.CONNECTION_STATE_CONNECTED
                            && recB.last().state() == ConnectionState.CONNECTION_STATE_CONNECTED);

            // a token of app A does not log in to app B
            Result<Void> rc = new Result<>();
            crossing.login(RtmTokenBuilder.build007(APP_ID, CERT, "sam2", now, 600), "sam2", rc);
            assertThat(rc.await()).isEqualTo(LoginError.LOGIN_ERR_INVALID_APP_ID);
        } finally {
            a.release();
            b.release();
            crossing.release();
            server.close();
        }
    }
}
