package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.ServerFrame;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmStatusCode.JoinChannelError;
import io.parley.server.ParleyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connection caps per node and per address, and the per-app channel cap, with their clear errors. */
class LimitsIT {
    private static Socket connect(ParleyServer s, String fromAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(fromAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", s.port()));
        socket.setSoTimeout(5000);
        return socket;
    }

    /** A connection the server admitted answers a login; a refused one gets CONNECTION_LIMIT and EOF. */
    private static void assertAdmitted(Socket s, String user) throws IOException {
        ClientFrame.newBuilder().setRequestId(1).setLogin(Login.newBuilder().setAppId("limits-app").setUserId(user))
                .build().writeDelimitedTo(s.getOutputStream());
        ServerFrame reply = ServerFrame.parseDelimitedFrom(s.getInputStream());
        assertThat(reply.hasLoginReply()).as("a login reply, not " + reply).isTrue();
        assertThat(reply.getStatus().getCode()).isEqualTo(ErrorCode.OK);
    }

    private static void assertRefused(Socket s, String reason) throws IOException {
        ServerFrame f = ServerFrame.parseDelimitedFrom(s.getInputStream());
        assertThat(f.getSessionAborted().getCode()).isEqualTo(DisconnectCode.CONNECTION_LIMIT);
        assertThat(f.getSessionAborted().getMessage()).contains(reason);
        assertThat(s.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void nodeConnectionCap_refusesTheNextConnection_untilOneCloses() throws Exception {
        try (ParleyServer server = Servers.start(Servers.config().maxConnections(2).build())) {
            List<Socket> open = new ArrayList<>();
            try {
                open.add(connect(server, "127.0.0.1"));
                assertAdmitted(open.get(0), "u0");
                open.add(connect(server, "127.0.0.1"));
                assertAdmitted(open.get(1), "u1");
                try (Socket third = connect(server, "127.0.0.1")) {
                    assertRefused(third, "connection limit");
                }
                open.remove(0).close();
                await().atMost(Duration.ofSeconds(5)).until(() -> server.sessions().get("limits-app", "u0") != null
                        && !server.sessions().get("limits-app", "u0").isAttached());
                Socket again = connect(server, "127.0.0.1");
                open.add(again);
                assertAdmitted(again, "u2");
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("parley_connections_refused_total{reason=\"node_limit\"} 1.0");
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    @Test
    void perAddressCap_refusesOnlyThatAddress() throws Exception {
        try (ParleyServer server = Servers.start(Servers.config().maxConnectionsPerAddress(1).build());
             Socket first = connect(server, "127.0.0.1")) {
            assertAdmitted(first, "a1"); // admitted before the next one connects: the order is the test's
            try (Socket second = connect(server, "127.0.0.1")) {
                assertRefused(second, "too many connections from this address");
            }
            try (Socket otherAddress = connect(server, "127.0.0.2")) {
                assertAdmitted(otherAddress, "b1");
            }
        }
    }

    @Test
    void appChannelCap_rejectsJoinsThatWouldOpenAChannelBeyondIt() {
        try (ParleyServer server = Servers.start(Servers.config().maxChannelsPerApp(2).build())) {
            RtmClient c = Servers.client("capped-app", new MessageRecorder(), Servers.clientConfig("127.0.0.1:" + server.port()).build());
            RtmClient other = Servers.client("other-app", new MessageRecorder(), Servers.clientConfig("127.0.0.1:" + server.port()).build());
            try {
                login(c);
                login(other);
                RtmChannel a = c.createChannel("a", null);
                assertThat(join(a)).isZero();
                assertThat(join(c.createChannel("b", null))).isZero();
                RtmChannel third = c.createChannel("c", null);
                assertThat(join(third)).isEqualTo(JoinChannelError.JOIN_CHANNEL_ERR_REJECTED);
                assertThat(join(other.createChannel("c", null))).as("other apps have their own cap").isZero();
                Result<Void> left = new Result<>();
                a.leave(left);
                assertThat(left.await()).isZero();
                assertThat(join(third)).isZero();
            } finally {
                c.release();
                other.release();
            }
        }
    }

    private static void login(RtmClient c) {
        Result<Void> r = new Result<>();
        c.login(null, "member", r);
        assertThat(r.await()).isZero();
    }

    private static int join(RtmChannel ch) {
        Result<Void> r = new Result<>();
        ch.join(r);
        return r.await();
    }
}
