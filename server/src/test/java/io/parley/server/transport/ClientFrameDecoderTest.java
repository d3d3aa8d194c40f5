package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.protocol.v1.ClientFrame;
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
        ClientFrame b = send(2, "second, longer text", new byte[] {9, 8, 7, 6, 5});
        ClientFrame large = send(3, "x".repeat(20_000), new byte[0]); // past the scratch array: parsed in place
        EmbeddedChannel ch = new EmbeddedChannel(new ClientFrameDecoder(64 * 1024));
        ch.writeInbound(delimited(a, b, large));

        ClientFrame first = ch.readInbound();
        ClientFrame second = ch.readInbound();
        ClientFrame third = ch.readInbound();
        assertThat(first).isEqualTo(a);
        assertThat(second).isEqualTo(b);
        assertThat(third).isEqualTo(large);
        assertThat(first.getSendPeerMessage().getBody().getRaw()).isEqualTo(ByteString.copyFrom(new byte[] {1, 2, 3}));
        ch.finishAndReleaseAll();
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
}
