package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.Pong;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.metrics.ParleyMetrics;
import io.parley.server.session.EncodedFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketFrameCodecTest {
    private final List<String> rejected = new ArrayList<>();
    private final EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFrameCodec(new ParleyMetrics() {
        @Override
        public void webSocketRejected(String reason) {
            rejected.add(reason);
        }
    }));

    private static ServerFrame pong(int rid) {
        return ServerFrame.newBuilder().setRequestId(rid).setPong(Pong.newBuilder().setServerTimeMs(rid)).build();
    }

    @Test
    void outbound_framesWrittenBackToBack_leaveAsOneBinaryMessageEach_withoutLengthPrefix() throws Exception {
        ByteBuf batch = Unpooled.buffer();
        for (int rid = 1; rid <= 3; rid++) {
            batch.writeBytes(EncodedFrame.of(pong(rid)).wire());
        }
        ch.writeOutbound(batch);

        for (int rid = 1; rid <= 3; rid++) {
            BinaryWebSocketFrame f = ch.readOutbound();
            assertThat(ServerFrame.parseFrom(ByteBufUtil.getBytes(f.content()))).isEqualTo(pong(rid));
            f.release();
        }
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(batch.refCnt()).isZero();
    }

    @Test
    void inbound_binaryMessage_isParsedAsAClientFrame() {
        ClientFrame login = ClientFrame.newBuilder().setRequestId(1).setLogin(Login.newBuilder().setAppId("a")
                .setUserId("u")).build();
        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(login.toByteArray())));
        assertThat((Object) ch.readInbound()).isEqualTo(login);
    }

    @Test
    void inbound_text_isClosedWith1003_andCounted() {
        ch.writeInbound(new TextWebSocketFrame("hello"));
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1003);
        close.release();
        assertThat(ch.isOpen()).isFalse();
        assertThat(rejected).containsExactly("text_frame");
    }

    @Test
    void ping_isAnsweredWithPong_closeWithClose() {
        ch.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})));
        PongWebSocketFrame pong = ch.readOutbound();
        assertThat(ByteBufUtil.getBytes(pong.content())).containsExactly(1, 2);
        pong.release();

        ch.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1000);
        close.release();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void serverSideClose_sendsACloseFrameFirst() {
        ch.close();
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1000);
        close.release();
    }
}
