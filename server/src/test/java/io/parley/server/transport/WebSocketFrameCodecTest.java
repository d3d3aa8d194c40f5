package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.parley.protocol.v1.Pong;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.session.EncodedFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketFrameCodecTest {
    private final EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFrameCodec());

    private static ServerFrame pong(int rid) {
        return ServerFrame.newBuilder().setRequestId(rid).setPong(Pong.newBuilder().setServerTimeMs(rid)).build();
    }

    @Test
    void outbound_framesWrittenBackToBack_leaveAsOneBufferOfBinaryMessages_withoutLengthPrefix() throws Exception {
        ByteBuf batch = Unpooled.buffer();
        ServerFrame big = ServerFrame.newBuilder().setPong(Pong.newBuilder().setServerTimeMs(7))
                .setStatus(io.parley.protocol.v1.Status.newBuilder().setMessage("x".repeat(300))).build();
        batch.writeBytes(EncodedFrame.of(pong(1)).wire());
        batch.writeBytes(EncodedFrame.of(big).wire()); // 126..65535 bytes: the 16-bit length form
        batch.writeBytes(EncodedFrame.of(pong(3)).wire());
        ch.writeOutbound(batch);

        assertThat(ch.outboundMessages()).hasSize(1);
        List<WebSocketFrame> frames = WebSocketFramesRead.from(ch);
        assertThat(frames).hasSize(3).allMatch(f -> f instanceof BinaryWebSocketFrame && f.isFinalFragment());
        assertThat(ServerFrame.parseFrom(ByteBufUtil.getBytes(frames.get(0).content()))).isEqualTo(pong(1));
        assertThat(ServerFrame.parseFrom(ByteBufUtil.getBytes(frames.get(1).content()))).isEqualTo(big);
        assertThat(ServerFrame.parseFrom(ByteBufUtil.getBytes(frames.get(2).content()))).isEqualTo(pong(3));
        frames.forEach(WebSocketFrame::release);
        assertThat(batch.refCnt()).isZero();
    }

    @Test
    void outbound_oneLargeFrame_keepsItsOwnBytes_behindAHeader() throws Exception {
        ServerFrame large = ServerFrame.newBuilder().setStatus(io.parley.protocol.v1.Status.newBuilder()
                .setMessage("y".repeat(70_000))).build(); // over 65,535: the 64-bit length form
        ByteBuf wire = Unpooled.wrappedBuffer(EncodedFrame.of(large).wire());
        ch.writeOutbound(wire);

        assertThat(ch.outboundMessages()).hasSize(2); // the header, then the frame's own bytes
        List<WebSocketFrame> frames = WebSocketFramesRead.from(ch);
        assertThat(frames).hasSize(1);
        assertThat(ServerFrame.parseFrom(ByteBufUtil.getBytes(frames.get(0).content()))).isEqualTo(large);
        frames.get(0).release();
    }

    @Test
    void serverSideClose_sendsACloseFrameFirst() {
        ch.close();
        List<WebSocketFrame> frames = WebSocketFramesRead.from(ch);
        assertThat(frames).hasSize(1);
        assertThat(((CloseWebSocketFrame) frames.get(0)).statusCode()).isEqualTo(1000);
        frames.get(0).release();
    }
}
