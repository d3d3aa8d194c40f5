package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.parley.protocol.FrameLimits;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.ParleyServer;
import io.parley.server.config.ServerConfig;
import io.parley.server.metrics.ParleyMetrics;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket client pipeline as it is after an upgrade (Netty's WebSocket framing, then the
 * same frame handler as TCP), fuzzed in-process: masked WebSocket frames carrying random and
 * truncated binary messages, text messages, oversize and fragmented messages, and raw garbage.
 * Whatever arrives, nothing escapes the pipeline, everything the server writes is a well-formed
 * WebSocket frame whose binary messages are ServerFrames, a close is explained, and a bystander
 * session on another connection is never touched.
 */
class WebSocketPipelineFuzzTest {
    private static final int TRIES = Integer.getInteger("parley.fuzz.tries", 300);
    private static final long SEED = Long.getLong("parley.fuzz.seed", 20261204L);
    private static ParleyServer server;
    private static EmbeddedChannel bystander;
    private static String bystanderSession;

    @BeforeAll
    static void start() throws Exception {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).httpPort(0)
                .dataDir(Files.createTempDirectory("parley-ws-fuzz")).messagesPer3s(0).loginsPerSecond(1000).build());
        bystander = channel();
        List<ServerFrame> out = exchange(bystander, List.of(binary(login(1, "ws-bystander").toByteArray())));
        assertThat(out).anyMatch(f -> f.getRequestId() == 1 && f.getStatus().getCode() == ErrorCode.OK);
        bystanderSession = server.sessions().get("fuzz-app", "ws-bystander").id();
    }

    @AfterAll
    static void stop() {
        bystander.finishAndReleaseAll();
        server.close();
    }

    /** The pipeline WebSocketUpgradeHandler leaves behind, on an embedded channel. */
    private static EmbeddedChannel channel() {
        OutboundBatcher.PerLoop batchers = new OutboundBatcher.PerLoop(ParleyMetrics.NOOP);
        WebSocketFrameCodec codec = new WebSocketFrameCodec();
        return new EmbeddedChannel(
                new WebSocket13FrameEncoder(false),
                new WebSocketClientFrameDecoder(codec, ParleyMetrics.NOOP),
                codec,
                new ServerFrameEncoder(),
                new ClientFrameHandler(server.dispatcher(), 60_000, batchers, "ws"));
    }

    private static ClientFrame login(int requestId, String user) {
        return ClientFrame.newBuilder().setRequestId(requestId)
                .setLogin(Login.newBuilder().setAppId("fuzz-app").setUserId(user)).build();
    }

    private static WebSocketFrame binary(byte[] b) {
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b));
    }

    /** The bytes a browser would send for these frames (masked, as clients must). */
    private static byte[] wire(List<WebSocketFrame> frames) {
        EmbeddedChannel enc = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        frames.forEach(enc::writeOutbound);
        ByteBuf all = Unpooled.buffer();
        Object o;
        while ((o = enc.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        return bytes;
    }

    private static List<ServerFrame> exchange(EmbeddedChannel ch, List<WebSocketFrame> in) {
        ch.writeInbound(Unpooled.wrappedBuffer(wire(in)));
        ch.runPendingTasks();
        List<ServerFrame> out = new ArrayList<>();
        for (WebSocketFrame f : WebSocketFramesRead.from(ch)) {
            if (f instanceof BinaryWebSocketFrame) {
                out.add(parse(f));
            }
            f.release();
        }
        return out;
    }

    private static ServerFrame parse(WebSocketFrame f) {
        byte[] b = new byte[f.content().readableBytes()];
        f.content().getBytes(f.content().readerIndex(), b);
        try {
            return ServerFrame.parseFrom(b);
        } catch (Exception e) {
            throw new AssertionError("a binary message the server sent is not a ServerFrame", e);
        }
    }

    /** 1-5 frames of the kinds a broken or hostile browser client could send. */
    private static List<WebSocketFrame> frames(Random r) {
        List<WebSocketFrame> out = new ArrayList<>();
        if (r.nextBoolean()) {
            out.add(binary(login(1_000_001, "ws-fuzz-" + r.nextInt(30)).toByteArray()));
        }
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(7)) {
                case 0 -> {
                    byte[] b = new byte[r.nextInt(300)];
                    r.nextBytes(b);
                    out.add(binary(b));
                }
                case 1 -> {
                    byte[] whole = RandomFrames.frame(r).toByteArray();
                    out.add(binary(java.util.Arrays.copyOf(whole, r.nextInt(whole.length + 1))));
                }
                case 2 -> out.add(binary(RandomFrames.frame(r).toByteArray()));
                case 3 -> out.add(new TextWebSocketFrame("{\"login\":{}}"));
                case 4 -> out.add(binary(new byte[FrameLimits.MAX_FRAME_BYTES + 1 + r.nextInt(1000)]));
                case 5 -> {
                    byte[] half = new byte[FrameLimits.MAX_FRAME_BYTES / 2 + 1];
                    out.add(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(half)));
                    out.add(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(half)));
                }
                default -> out.add(binary(new byte[0]));
            }
        }
        return out;
    }

    @Test
    void randomWebSocketTraffic_neverBreaksThePipeline_orTouchesOtherSessions() {
        for (int i = 0; i < TRIES; i++) {
            long seed = SEED + i;
            Random r = new Random(seed);
            try {
                fuzzCase(r.nextInt(5) == 0 ? garbage(r) : wire(frames(r)), r);
            } catch (Throwable t) {
                throw new AssertionError("fuzz case failed; reproduce with -Dparley.fuzz.seed=" + seed
                        + " -Dparley.fuzz.tries=1", t);
            }
        }
    }

    private static byte[] garbage(Random r) {
        byte[] b = new byte[1 + r.nextInt(4096)];
        r.nextBytes(b);
        return b;
    }

    private static void fuzzCase(byte[] bytes, Random r) {
        EmbeddedChannel ch = channel();
        List<WebSocketFrame> out = new ArrayList<>();
        int at = 0;
        while (at < bytes.length && ch.isActive()) { // random chunks exercise the frame decoder's boundaries
            int n = Math.min(bytes.length - at, 1 + r.nextInt(r.nextBoolean() ? 16 : 8192));
            int from = at;
            assertThatCode(() -> ch.writeInbound(Unpooled.wrappedBuffer(bytes, from, n))).doesNotThrowAnyException();
            at += n;
            ch.runPendingTasks();
            out.addAll(WebSocketFramesRead.from(ch));
        }
        for (int i = 0; i < out.size(); i++) {
            WebSocketFrame f = out.get(i);
            if (f instanceof BinaryWebSocketFrame) {
                ServerFrame sf = parse(f);
                if (sf.hasSessionAborted()) { // a reason the client can act on (random frames may log out)
                    assertThat(sf.getSessionAborted().getCode()).isNotEqualTo(DisconnectCode.DISCONNECT_UNSPECIFIED);
                }
            } else {
                assertThat(f).as("only binary messages and, last, a close").isInstanceOf(CloseWebSocketFrame.class);
                assertThat(i).isEqualTo(out.size() - 1);
            }
            f.release();
        }
        ch.close();
        ch.runPendingTasks();
        ch.finishAndReleaseAll();
        assertThat(server.sessions().get("fuzz-app", "ws-bystander").id()).isEqualTo(bystanderSession);
        assertThat(bystander.isActive()).isTrue();
        bystander.runPendingTasks();
        for (WebSocketFrame f : WebSocketFramesRead.from(bystander)) {
            if (f instanceof BinaryWebSocketFrame) {
                assertThat(parse(f).hasSessionAborted()).as("bystander never aborted").isFalse();
            }
            f.release();
        }
    }
}
