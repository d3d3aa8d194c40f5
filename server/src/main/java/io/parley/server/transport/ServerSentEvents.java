package io.parley.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.server.http.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Writes an {@link io.parley.server.http.EventStream} answer as Server-Sent Events: a chunked
 * {@code text/event-stream} response that stays open, one {@code data:} event per string, a
 * comment every {@value #PING_SECONDS} s so a dead peer is noticed. The connection carries nothing
 * else afterwards. A reader that stops reading is cut off once the connection's outbound buffer
 * is full, rather than queueing events for it without bound.
 */
final class ServerSentEvents {
    private static final long PING_SECONDS = 15;

    private ServerSentEvents() {
    }

    static void start(ChannelHandlerContext ctx, ApiResponse r) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().forEach((k, v) -> head.headers().set(k, v));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.writeAndFlush(head);
        // read again (the request gate paused reading until an answer), so the reader's going away
        // is seen at once and its subscription ends; a reader that sends more is closed by the gate
        ctx.channel().config().setAutoRead(true);
        AutoCloseable subscription = r.stream().open(data -> ctx.executor().execute(() -> send(ctx, "data: " + data)));
        ScheduledFuture<?> ping = ctx.executor().scheduleAtFixedRate(() -> send(ctx, ": ping"), PING_SECONDS,
                PING_SECONDS, TimeUnit.SECONDS);
        ctx.channel().closeFuture().addListener(f -> {
            ping.cancel(false);
            try {
                subscription.close();
            } catch (Exception ignored) {
                // nothing to release beyond the subscription itself
            }
        });
    }

    private static void send(ChannelHandlerContext ctx, String event) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!ctx.channel().isWritable()) {
            ctx.close(); // a reader that does not read
            return;
        }
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(event + "\n\n", StandardCharsets.UTF_8)));
    }
}
