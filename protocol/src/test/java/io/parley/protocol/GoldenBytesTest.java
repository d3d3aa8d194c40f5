package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.LoginReply;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.PeerMessagePush;
import io.parley.protocol.v1.SendPeerMessage;
import io.parley.protocol.v1.ServerFrame;
import io.parley.protocol.v1.SessionAborted;
import io.parley.protocol.v1.Status;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire encoding of representative frames. If this fails, a field number, type or enum
 * value changed: that breaks every deployed SDK. Add new fields instead; never renumber.
 */
class GoldenBytesTest {
    private static String hex(com.google.protobuf.MessageLite m) {
        return HexFormat.of().formatHex(m.toByteArray());
    }

    @Test
    void login_encoding_isStable() {
        ClientFrame f = ClientFrame.newBuilder().setRequestId(1)
                .setLogin(Login.newBuilder().setAppId("app").setUserId("u").setToken("t").setResumeSessionId("s")
                        .setSdkVersion("v"))
                .build();
        assertThat(hex(f)).isEqualTo("0801" + "5211" + "0a03617070" + "120175" + "1a0174" + "220173" + "2a0176");
    }

    @Test
    void sendPeerMessage_encoding_isStable() {
        ClientFrame f = ClientFrame.newBuilder().setRequestId(7)
                .setSendPeerMessage(SendPeerMessage.newBuilder().setPeerId("b")
                        .setBody(MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_RAW).setText("d")
                                .setRaw(ByteString.copyFrom(new byte[] {1, 2})))
                        .setEnableOfflineMessaging(true))
                .build();
        assertThat(hex(f)).isEqualTo("0807" + "a20110" + "0a0162" + "1209" + "0802" + "120164" + "1a020102" + "1801");
    }

    @Test
    void replyAndPushes_encoding_isStable() {
        ServerFrame reply = ServerFrame.newBuilder().setRequestId(1)
                .setStatus(Status.newBuilder().setCode(ErrorCode.TOO_OFTEN))
                .build();
        assertThat(hex(reply)).isEqualTo("0801" + "1202" + "080a");

        ServerFrame login = ServerFrame.newBuilder().setRequestId(2)
                .setStatus(Status.newBuilder().setCode(ErrorCode.OK))
                .setLoginReply(LoginReply.newBuilder().setSessionId("s").setResumed(true))
                .build();
        assertThat(hex(login)).isEqualTo("0802" + "1200" + "5205" + "0a0173" + "1001");

        ServerFrame push = ServerFrame.newBuilder()
                .setPeerMessage(PeerMessagePush.newBuilder().setMessageId(5).setFromUserId("a").setOffline(true))
                .build();
        assertThat(hex(push)).isEqualTo("a20607" + "0805" + "120161" + "2801");

        ServerFrame aborted = ServerFrame.newBuilder()
                .setSessionAborted(SessionAborted.newBuilder().setCode(DisconnectCode.REMOTE_LOGIN))
                .build();
        assertThat(hex(aborted)).isEqualTo("f20602" + "0864");
    }

    @Test
    void errorAndDisconnectCodes_keepTheirNumbers() {
        assertThat(ErrorCode.TOO_OFTEN.getNumber()).isEqualTo(10);
        assertThat(ErrorCode.CACHED_BY_SERVER.getNumber()).isEqualTo(13);
        assertThat(ErrorCode.FRAME_TOO_LARGE.getNumber()).isEqualTo(29);
        assertThat(DisconnectCode.REMOTE_LOGIN.getNumber()).isEqualTo(100);
        assertThat(DisconnectCode.LOGGED_OUT.getNumber()).isEqualTo(104);
    }
}
