package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.ServerFrame;
import io.parley.rtm.RtmClient;
import io.parley.server.ParleyServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hand-made frames on a raw socket: bad input gets a reason and a close, and nobody else notices. */
class RawProtocolIT {
    private ParleyServer server;
    private RtmClient bystander;
    private StateRecorder bystanderStates;

    @BeforeEach
    void start() {
        server = Servers.start(Servers.config().loginHandshakeTimeout(Duration.ofMillis(800)).build());
        bystanderStates = new StateRecorder();
        bystander = Servers.client("raw-app", bystanderStates, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        Result<Void> r = new Result<>();
        bystander.login(null, "bystander", r);
        assertThat(r.await()).isZero();
    }

    @AfterEach
    void stop() {
        bystander.release();
        server.close();
    }

    private Socket connect() throws Exception {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5000);
        return s;
    }

    private static ServerFrame read(InputStream in) throws Exception {
        return ServerFrame.parseDelimitedFrom(in);
    }

    /** The server explains (PROTOCOL_ERROR, frame too large) and closes. */
    private static void assertClosedAsFrameTooLarge(Socket s) throws Exception {
        ServerFrame f = read(s.getInputStream());
        assertThat(f.getSessionAborted().getCode()).isEqualTo(DisconnectCode.PROTOCOL_ERROR);
        assertThat(f.getSessionAborted().getMessage()).contains("frame too large");
        assertThat(s.getInputStream().read()).isEqualTo(-1);
    }

    private void assertBystanderUnaffected() {
        assertThat(bystanderStates.changes).hasSize(2);
        assertThat(server.sessions().get("raw-app", "bystander").isAttached()).isTrue();
    }

    @Test
    void oversizeFrame_isRejectedWithProtocolError_beforeThePayloadIsSent() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}); // ~32 MB length, no payload
            out.flush();
            assertClosedAsFrameTooLarge(s);
        }
        assertBystanderUnaffected();
    }

    @Test
    void beforeLogin_aFrameOverThePreLoginLimit_isRejectedWithProtocolError() throws Exception {
        try (Socket s = connect()) {
            int length = io.parley.protocol.FrameLimits.MAX_PRE_LOGIN_FRAME_BYTES + 1;
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {(byte) (length & 0x7F | 0x80), (byte) (length >>> 7)}); // the length alone is refused
            out.flush();
            assertClosedAsFrameTooLarge(s);
        }
        assertBystanderUnaffected();
    }

    @Test
    void garbageProtobuf_isRejectedWithProtocolError() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {4, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            out.flush();
            ServerFrame f = read(s.getInputStream());
            assertThat(f.getSessionAborted().getCode()).isEqualTo(DisconnectCode.PROTOCOL_ERROR);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertBystanderUnaffected();
    }

    @Test
    void requestsBeforeLogin_areAnsweredNotLoggedIn_andASilentConnectionIsClosed() throws Exception {
        try (Socket s = connect()) {
            ClientFrame.newBuilder().setRequestId(9).setLogout(io.parley.protocol.v1.Logout.getDefaultInstance()).build()
                    .writeDelimitedTo(s.getOutputStream());
            ServerFrame reply = read(s.getInputStream());
            assertThat(reply.getRequestId()).isEqualTo(9);
            assertThat(reply.getStatus().getCode()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
            // then silence: the handshake timeout closes it
            ServerFrame aborted = read(s.getInputStream());
            assertThat(aborted.getSessionAborted().getCode()).isEqualTo(DisconnectCode.PROTOCOL_ERROR);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void loginOnRawSocket_invalidUserIdIsInvalidArgument_validLoginWorks() throws Exception {
        try (Socket s = connect()) {
            ClientFrame.newBuilder().setRequestId(1).setLogin(Login.newBuilder().setAppId("raw-app").setUserId("no/slash"))
                    .build().writeDelimitedTo(s.getOutputStream());
            assertThat(read(s.getInputStream()).getStatus().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            ClientFrame.newBuilder().setRequestId(2).setLogin(Login.newBuilder().setAppId("raw-app").setUserId("raw"))
                    .build().writeDelimitedTo(s.getOutputStream());
            ServerFrame ok = read(s.getInputStream());
            assertThat(ok.getStatus().getCode()).isEqualTo(ErrorCode.OK);
            assertThat(ok.getLoginReply().getResumed()).isFalse();
        }
    }
}
