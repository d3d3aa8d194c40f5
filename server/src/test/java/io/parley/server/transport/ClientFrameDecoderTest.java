package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.protocol.peer.PeerFrames;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.SendPeerMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ClientFrameDecoderTest {
    @Test
    void framesParsedThroughTheReusedScratchArray_keepTheirOwnBytes() throws IOException {
        ClientFrame a = send(1, "first text", new byte[] {1, 2, 3});
        ClientFrame loginA = login("alice-with-a-long-name");
        ClientFrame b = send(2, "second, longer text", new byte[] {9, 8, 7, 6, 5});
        ClientFrame loginB = login("bob");
        ClientFrame large = send(3, "x".repeat(20_000), new byte[0]); // past the scratch array: parsed in place
        EmbeddedChannel ch = new EmbeddedChannel(new ClientFrameDecoder(64 * 1024));
        ch.writeInbound(delimited(a, loginA, b, loginB, large));

        // peer messages come out as PeerFrames.Send (read without protobuf), the rest as ClientFrame
        PeerFrames.Send first = ch.readInbound();
        ClientFrame second = ch.readInbound();
        PeerFrames.Send third = ch.readInbound();
        ClientFrame fourth = ch.readInbound();
        ClientFrame fifth = ch.readInbound();
        assertThat(first.requestId()).isEqualTo(1);
        assertThat(first.body().decode()).isEqualTo(a.getSendPeerMessage().getBody());
        assertThat(second).isEqualTo(loginA);
        assertThat(third.body().decode()).isEqualTo(b.getSendPeerMessage().getBody());
        assertThat(fourth).isEqualTo(loginB);
        assertThat(fifth).isEqualTo(large);
        assertThat(first.body().decode().getRaw()).isEqualTo(ByteString.copyFrom(new byte[] {1, 2, 3}));
        ch.finishAndReleaseAll();
    }

    private static ClientFrame login(String user) {
        return ClientFrame.newBuilder().setRequestId(7).setLogin(Login.newBuilder().setAppId("app").setUserId(user)
                .setToken("t".repeat(user.length()))).build();
    }

    private static ClientFrame send(int requestId, String text, byte[] raw) {
        return ClientFrame.newBuilder().setRequestId(requestId).setSendPeerMessage(SendPeerMessage.newBuilder()
                .setPeerId("bob").setBody(MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT)
                        .setText(text).setRaw(ByteString.copyFrom(raw)))).build();
    }

    private static ByteBuf delimited(ClientFrame... frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ClientFrame f : frames) {
            f.writeDelimitedTo(out);
        }
        return Unpooled.wrappedBuffer(out.toByteArray());
    }

    @Test
    void beforeLogin_framesOverThePreLoginLimitFail_afterLoginTheFullLimitApplies() {
        byte[] big = io.parley.protocol.v1.ClientFrame.newBuilder().setRequestId(1)
                .setLogin(io.parley.protocol.v1.Login.newBuilder().setToken("t".repeat(5000))).build().toByteArray();
        io.netty.buffer.ByteBuf framed = io.netty.buffer.Unpooled.buffer();
        framed.writeByte(big.length & 0x7F | 0x80).writeByte(big.length >>> 7).writeBytes(big);

        EmbeddedChannel before = new EmbeddedChannel(new ClientFrameDecoder(4096, 64 * 1024));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> before.writeInbound(framed.copy()))
                .isInstanceOf(io.netty.handler.codec.TooLongFrameException.class);

        ClientFrameDecoder decoder = new ClientFrameDecoder(4096, 64 * 1024);
        EmbeddedChannel after = new EmbeddedChannel(decoder);
        decoder.loggedIn();
        after.writeInbound(framed);
        assertThat((Object) after.readInbound()).isInstanceOf(io.parley.protocol.v1.ClientFrame.class);
    }
}
