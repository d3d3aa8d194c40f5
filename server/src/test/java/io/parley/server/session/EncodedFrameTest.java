package io.parley.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import io.parley.protocol.v1.ChannelMessagePush;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.ServerFrame;
import org.junit.jupiter.api.Test;

class EncodedFrameTest {
    private static ServerFrame push(int textLength) {
        return ServerFrame.newBuilder().setChannelMessage(ChannelMessagePush.newBuilder().setChannelId("c")
                .setFromUserId("u").setBody(MessageBody.newBuilder().setTypeValue(1).setText("x".repeat(textLength))))
                .build();
    }

    private static ServerFrame parseWire(byte[] wire) throws Exception {
        CodedInputStream in = CodedInputStream.newInstance(wire);
        int length = in.readRawVarint32();
        assertThat(length).isEqualTo(wire.length - in.getTotalBytesRead());
        return ServerFrame.parseFrom(in);
    }

    @Test
    void wire_isTheLengthPrefixedFrame_forOneAndMultiByteLengths() throws Exception {
        for (int n : new int[] {1, 100, 200, 20_000}) {
            ServerFrame f = push(n);
            EncodedFrame e = EncodedFrame.of(f);
            assertThat(parseWire(e.wire())).isEqualTo(f);
            assertThat(e.type()).isEqualTo(ServerFrame.BodyCase.CHANNEL_MESSAGE);
        }
    }

    @Test
    void frameBytes_andRelayed_roundTripBetweenNodes() throws Exception {
        for (int n : new int[] {1, 100, 200, 20_000}) {
            ServerFrame f = push(n);
            byte[] betweenNodes = EncodedFrame.of(f).frameBytes();
            assertThat(ServerFrame.parseFrom(betweenNodes)).isEqualTo(f);
            EncodedFrame relayed = EncodedFrame.relayed(betweenNodes);
            assertThat(parseWire(relayed.wire())).isEqualTo(f);
            assertThat(relayed.type()).isEqualTo(EncodedFrame.Kind.RELAYED);
        }
    }
}
