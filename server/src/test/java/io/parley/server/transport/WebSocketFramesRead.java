package io.parley.server.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: what a server channel wrote, read back by Netty's decoder as a client reads it
 * (unmasked frames); fails if the server wrote anything that is not a well-formed frame.
 */
final class WebSocketFramesRead {
    private WebSocketFramesRead() {
    }

    static List<WebSocketFrame> from(EmbeddedChannel server) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 16 * 1024 * 1024, false));
        Object o;
        while ((o = server.readOutbound()) != null) {
            client.writeInbound(o);
        }
        List<WebSocketFrame> out = new ArrayList<>();
        while ((o = client.readInbound()) != null) {
            out.add((WebSocketFrame) o);
        }
        client.checkException(); // anything that is not a well-formed WebSocket frame fails the test here
        return out;
    }
}
