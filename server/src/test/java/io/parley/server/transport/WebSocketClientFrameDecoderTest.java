package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.parley.protocol.FrameLimits;
import io.parley.protocol.peer.PeerFrames;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.Login;
import io.parley.server.metrics.ParleyMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written WebSocket reader against Netty's WebSocket implementation: frames encoded by
 * Netty's client encoder (masked, random keys) are read into the same messages Netty's decoder and
 * aggregator give, whatever the chunking; the rules close with their RFC 6455 statuses.
 */
class WebSocketClientFrameDecoderTest {
    private final List<String> rejected = new ArrayList<>();
    private final ParleyMetrics metrics = new ParleyMetrics() {
        @Override
        public void webSocketRejected(String reason) {
            rejected.add(reason);
        }
    };
    private final WebSocketFrameCodec codec = new WebSocketFrameCodec();
    private final EmbeddedChannel ch = new EmbeddedChannel(new WebSocket13FrameEncoder(false),
            new WebSocketClientFrameDecoder(codec, metrics), codec);

    /** Bytes as a browser sends them. */
    private static byte[] masked(WebSocketFrame... frames) {
        EmbeddedChannel enc = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        for (WebSocketFrame f : frames) {
            enc.writeOutbound(f);
        }
        ByteBuf all = Unpooled.buffer();
        Object o;
        while ((o = enc.readOutbound()) != null) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        byte[] b = new byte[all.readableBytes()];
        all.readBytes(b);
        return b;
    }

    private static ClientFrame login(String user) {
        return ClientFrame.newBuilder().setRequestId(7).setLogin(Login.newBuilder().setAppId("a").setUserId(user)).build();
    }

    @Test
    void randomMessages_inRandomFragmentsAndChunks_readAsNettyReadsThem() {
        Random r = new Random(20261204L);
        for (int round = 0; round < 300; round++) {
            List<byte[]> messages = new ArrayList<>();
            List<WebSocketFrame> frames = new ArrayList<>();
            for (int m = 0; m < 1 + r.nextInt(4); m++) {
                ClientFrame f = r.nextInt(3) == 0 ? login("u" + r.nextInt(1000))
                        : RandomFrames.frame(r);
                if (f.getSerializedSize() == 0 || f.getSerializedSize() > FrameLimits.MAX_FRAME_BYTES) {
                    continue;
                }
                byte[] bytes = f.toByteArray();
                messages.add(bytes);
                int parts = bytes.length > 3 && r.nextBoolean() ? 2 + r.nextInt(3) : 1;
                int at = 0;
                for (int p = 0; p < parts; p++) {
                    int end = p == parts - 1 ? bytes.length : at + r.nextInt(bytes.length - at + 1);
                    ByteBuf piece = Unpooled.wrappedBuffer(bytes, at, end - at);
                    boolean fin = p == parts - 1;
                    frames.add(p == 0 ? new BinaryWebSocketFrame(fin, 0, piece) : new ContinuationWebSocketFrame(fin, 0, piece));
                    if (r.nextInt(4) == 0 && !fin) {
                        frames.add(new PongWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1}))); // control frames may interleave
                    }
                    at = end;
                }
            }
            byte[] wire = masked(frames.toArray(new WebSocketFrame[0]));

            // Netty's reading of the same bytes
            EmbeddedChannel netty = new EmbeddedChannel(new WebSocket13FrameDecoder(true, false, FrameLimits.MAX_FRAME_BYTES, false),
                    new WebSocketFrameAggregator(FrameLimits.MAX_FRAME_BYTES));
            netty.writeInbound(Unpooled.wrappedBuffer(wire));
            List<byte[]> nettyMessages = new ArrayList<>();
            Object o;
            while ((o = netty.readInbound()) != null) {
                if (o instanceof BinaryWebSocketFrame b) {
                    byte[] x = new byte[b.content().readableBytes()];
                    b.content().readBytes(x);
                    nettyMessages.add(x);
                }
                ((WebSocketFrame) o).release();
            }
            assertThat(nettyMessages).containsExactlyElementsOf(messages);

            WebSocketClientFrameDecoder decoder = new WebSocketClientFrameDecoder(new WebSocketFrameCodec(), metrics);
            decoder.loggedIn(); // frames of every size, as after a login
            EmbeddedChannel ours = new EmbeddedChannel(decoder);
            int at = 0;
            while (at < wire.length) {
                int n = Math.min(wire.length - at, 1 + r.nextInt(r.nextBoolean() ? 7 : 5000));
                ours.writeInbound(Unpooled.wrappedBuffer(wire, at, n));
                at += n;
            }
            List<Object> read = new ArrayList<>();
            while ((o = ours.readInbound()) != null) {
                read.add(o);
            }
            assertThat(read).hasSize(messages.size());
            for (int i = 0; i < read.size(); i++) {
                byte[] expected = messages.get(i);
                Object fast = PeerFrames.decode(expected, 0, expected.length);
                if (fast instanceof PeerFrames.Send || fast == null) {
                    assertThat(read.get(i).toString()).isEqualTo(ClientFrames.parse(expected, 0, expected.length).toString());
                }
            }
            assertThat(ours.isOpen()).isTrue();
        }
        assertThat(rejected).isEmpty();
    }

    @Test
    void text_isClosedWith1003_andCounted() {
        ch.writeInbound(Unpooled.wrappedBuffer(masked(new TextWebSocketFrame("hello"))));
        List<WebSocketFrame> out = WebSocketFramesRead.from(ch);
        assertThat(out).hasSize(1);
        assertThat(((CloseWebSocketFrame) out.get(0)).statusCode()).isEqualTo(1003);
        assertThat(ch.isOpen()).isFalse();
        assertThat(rejected).containsExactly("text_frame");
    }

    @Test
    void oversize_isClosedWith1009_fromTheHeaderAlone() {
        byte[] wire = masked(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[FrameLimits.MAX_FRAME_BYTES + 1])));
        ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, 20)); // the header and a little payload
        assertThat(((CloseWebSocketFrame) WebSocketFramesRead.from(ch).get(0)).statusCode()).isEqualTo(1009);
        assertThat(rejected).containsExactly("too_large");
    }

    @Test
    void beforeLogin_aMessageOverThePreLoginLimitIsClosedWith1009_afterLoginItIsRead() {
        byte[] login = ClientFrame.newBuilder().setRequestId(1).setLogin(Login.newBuilder().setAppId("a").setUserId("u")
                .setToken("t".repeat(FrameLimits.MAX_PRE_LOGIN_FRAME_BYTES))).build().toByteArray();
        ch.writeInbound(Unpooled.wrappedBuffer(masked(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(login)))));
        assertThat(((CloseWebSocketFrame) WebSocketFramesRead.from(ch).get(0)).statusCode()).isEqualTo(1009);
        assertThat(rejected).containsExactly("too_large");

        WebSocketClientFrameDecoder decoder = new WebSocketClientFrameDecoder(new WebSocketFrameCodec(), metrics);
        EmbeddedChannel loggedIn = new EmbeddedChannel(decoder);
        decoder.loggedIn();
        loggedIn.writeInbound(Unpooled.wrappedBuffer(masked(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(login)))));
        assertThat((Object) loggedIn.readInbound()).isInstanceOf(ClientFrame.class);
    }

    @Test
    void fragmentsTogetherOverTheLimit_areClosedWith1009() {
        byte[] half = new byte[FrameLimits.MAX_FRAME_BYTES / 2 + 1];
        ch.writeInbound(Unpooled.wrappedBuffer(masked(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(half)),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(half)))));
        assertThat(((CloseWebSocketFrame) WebSocketFramesRead.from(ch).get(0)).statusCode()).isEqualTo(1009);
        assertThat(rejected).containsExactly("too_large");
    }

    @Test
    void unmaskedFrames_andContinuationWithoutAMessage_areProtocolErrors1002() {
        EmbeddedChannel raw = new EmbeddedChannel(new WebSocket13FrameEncoder(false)); // a server's (unmasked) frame
        raw.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(login("x").toByteArray())));
        ch.writeInbound((ByteBuf) raw.readOutbound());
        assertThat(((CloseWebSocketFrame) WebSocketFramesRead.from(ch).get(0)).statusCode()).isEqualTo(1002);

        WebSocketFrameCodec codec2 = new WebSocketFrameCodec();
        EmbeddedChannel ch2 = new EmbeddedChannel(new WebSocket13FrameEncoder(false),
                new WebSocketClientFrameDecoder(codec2, metrics), codec2);
        ch2.writeInbound(Unpooled.wrappedBuffer(masked(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[3])))));
        assertThat(ch2.isOpen()).isFalse();
        assertThat(rejected).containsExactly("protocol", "protocol");
    }

    @Test
    void ping_isAnsweredWithPong_closeWithClose() {
        ch.writeInbound(Unpooled.wrappedBuffer(masked(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})))));
        List<WebSocketFrame> out = WebSocketFramesRead.from(ch);
        assertThat(out.get(0)).isInstanceOf(PongWebSocketFrame.class);
        assertThat(out.get(0).content().readableBytes()).isEqualTo(2);
        ch.writeInbound(Unpooled.wrappedBuffer(masked(new CloseWebSocketFrame(1000, "bye"))));
        assertThat(((CloseWebSocketFrame) WebSocketFramesRead.from(ch).get(0)).statusCode()).isEqualTo(1000);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void emptyBinaryMessage_isAMalformedFrame_forTheFrameHandler() {
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(masked(new BinaryWebSocketFrame(Unpooled.EMPTY_BUFFER))));
            ch.checkException();
        } catch (DecoderException e) {
            assertThat(e).hasMessageContaining("empty frame");
            return;
        }
        throw new AssertionError("an empty message must fail as a malformed frame");
    }

    @Test
    void unmask_matchesTheByteWiseDefinition_atEveryOffsetAndLength() {
        Random r = new Random(7);
        for (int n = 0; n < 40; n++) {
            byte[] payload = new byte[n];
            r.nextBytes(payload);
            int key = r.nextInt();
            byte[] maskedBytes = new byte[n];
            for (int i = 0; i < n; i++) {
                maskedBytes[i] = (byte) (payload[i] ^ (key >>> (24 - 8 * (i % 4))));
            }
            byte[] out = new byte[n + 3];
            WebSocketClientFrameDecoder.unmask(Unpooled.wrappedBuffer(maskedBytes), 0, n, key, out, 3);
            assertThat(java.util.Arrays.copyOfRange(out, 3, n + 3)).isEqualTo(payload);
        }
    }
}
