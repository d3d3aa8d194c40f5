package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.server.metrics.ParleyMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The upgrade answered before any HTTP object is built: a plain upgrade becomes a WebSocket
 * connection with RFC 6455's accept value; everything else reaches the HTTP pipeline byte for byte.
 */
class WebSocketFastUpgradeTest {
    private final List<Object> httpSaw = new ArrayList<>();
    private final List<String> admitted = new ArrayList<>();

    private EmbeddedChannel channel(WebSocketOrigins origins) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast("first-request", new WebSocketFastUpgrade(origins, c -> {
            admitted.add("yes");
            return null;
        }, ParleyMetrics.NOOP, p -> p.addLast("http", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                httpSaw.add(b.toString(StandardCharsets.ISO_8859_1));
                b.release();
            }
        }), p -> p.addLast("client", new ChannelInboundHandlerAdapter())));
        return ch;
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder b = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            b.append(((ByteBuf) o).toString(StandardCharsets.ISO_8859_1));
            ((ByteBuf) o).release();
        }
        return b.toString();
    }

    private static final String UPGRADE = "GET /rtm?v=1 HTTP/1.1\r\nHost: chat.example:9601\r\nUpgrade: websocket\r\n"
            + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\nOrigin: https://chat.example:9601\r\n\r\n";

    @Test
    void plainUpgrade_inPieces_isAnswered101WithRfc6455Accept_andTheConnectionBecomesAClient() {
        EmbeddedChannel ch = channel(WebSocketOrigins.of(null, false));
        ch.writeInbound(bytes(UPGRADE.substring(0, 40)));
        assertThat(written(ch)).isEmpty();
        ch.writeInbound(bytes(UPGRADE.substring(40)));

        String response = written(ch);
        assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        // RFC 6455 §1.3's worked example
        assertThat(response).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
        assertThat(admitted).hasSize(1);
        assertThat(httpSaw).isEmpty();
        assertThat(ch.pipeline().names()).contains("ws-decoder", "ws-frames", "client").doesNotContain("first-request");
    }

    @Test
    void acceptValue_ofAnotherKey() {
        assertThat(WebSocketFastUpgrade.accept("x3JJHMbDL1EzLkh9GBhXDw==")).isEqualTo("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
    }

    @Test
    void everythingElse_reachesTheHttpPipelineUnchanged() {
        String[] requests = {
            "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /api/v1/apps/a/users/u/messages HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
            "GET /rtm HTTP/1.1\r\nHost: x\r\n\r\n", // no upgrade: the HTTP side answers 426
            UPGRADE.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"),
            UPGRADE.replace("https://chat.example:9601", "https://evil.example"), // answered 403 there
        };
        for (String r : requests) {
            httpSaw.clear();
            EmbeddedChannel ch = channel(WebSocketOrigins.of(null, false));
            ch.writeInbound(bytes(r));
            assertThat(httpSaw).as(r).containsExactly(r);
            assertThat(written(ch)).isEmpty();
            assertThat(ch.pipeline().names()).doesNotContain("first-request");
        }
        assertThat(admitted).isEmpty();
    }

    @Test
    void aHeadOverTheLimit_isHandedOnWithoutWaitingForItsEnd() {
        EmbeddedChannel ch = channel(WebSocketOrigins.of(null, true));
        String big = "GET /rtm HTTP/1.1\r\nX-Big: " + "a".repeat(9000);
        ch.writeInbound(bytes(big));
        assertThat(httpSaw).containsExactly(big);
    }
}
