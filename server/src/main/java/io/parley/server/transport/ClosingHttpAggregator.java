package io.parley.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Aggregates a request's body up to {@code maxBody} bytes. A larger body is answered 413 and the
 * connection closed: its body was never read, and Netty's default (answer, then keep the
 * connection) left {@link HttpRequestGate} waiting for an answer that had already gone, so the
 * client's next request on that connection hung. The close lingers ({@link LingeringClose}) while the rest of the body is read and dropped.
 */
final class ClosingHttpAggregator extends HttpObjectAggregator {
    private static final byte[] BODY = "{\"code\":413,\"message\":\"request body too large\"}"
            .getBytes(StandardCharsets.UTF_8);

    ClosingHttpAggregator(int maxBody) {
        super(maxBody);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                Unpooled.wrappedBuffer(BODY));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        LingeringClose.after(ctx, ctx.writeAndFlush(res));
    }
}
