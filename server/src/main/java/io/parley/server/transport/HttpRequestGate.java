package io.parley.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.server.http.ApiResponse;
import io.parley.server.http.HttpApi;
import io.parley.server.metrics.ParleyMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sits between the HTTP decoder and the body aggregator and keeps one connection from holding more
 * than one request's worth of the server:
 * <ul>
 *   <li>one request in flight: after a request is complete, reading stops until its response has
 *       been written; pipelined requests already read wait here (at most {@value #MAX_QUEUED}
 *       parts) and are answered in order;</li>
 *   <li>a request's head must arrive within the idle timeout of the connection becoming free,
 *       and its body within the body timeout of its head; else the connection is closed;</li>
 *   <li>a request the server would refuse anyway is answered from its head, before any body is
 *       read: an admin API call without valid credentials (401, or 403 with the API off), a body
 *       on a path that takes none (405).</li>
 * </ul>
 * The HTTP handler tells it a response went out with {@link #RESPONSE_WRITTEN}.
 */
final class HttpRequestGate extends ChannelInboundHandlerAdapter {
    /** User event fired by the handler that answered the current request, once the answer is written. */
    static final Object RESPONSE_WRITTEN = new Object();
    static final int MAX_QUEUED = 64;

    private final long idleTimeoutMillis;
    private final long bodyTimeoutMillis;
    private final List<HttpApi> apis;
    private final ParleyMetrics metrics;
    private final ArrayDeque<HttpObject> queued = new ArrayDeque<>();
    private boolean inFlight;
    private boolean inRequest;
    private boolean discarding;
    private ScheduledFuture<?> deadline;

    /** @param apis the JSON APIs, each asked to authenticate a call before its body is read */
    HttpRequestGate(long idleTimeoutMillis, long bodyTimeoutMillis, List<HttpApi> apis, ParleyMetrics metrics) {
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
        this.apis = apis;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx, idleTimeoutMillis, "idle");
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx, idleTimeoutMillis, "idle");
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // a WebSocket upgrade took the connection over: it reads on its own terms
        disarm();
        while (!queued.isEmpty()) {
            ReferenceCountUtil.release(queued.poll());
        }
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        while (!queued.isEmpty()) {
            ReferenceCountUtil.release(queued.poll());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (inFlight) {
            if (queued.size() >= MAX_QUEUED) {
                ReferenceCountUtil.release(msg);
                metrics.httpRefused("pipelining");
                ctx.close();
                return;
            }
            queued.add((HttpObject) msg);
            return;
        }
        pass(ctx, (HttpObject) msg);
    }

    private void pass(ChannelHandlerContext ctx, HttpObject msg) {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest) {
            HttpRequest head = (HttpRequest) msg;
            if (remoteAddress == null && ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress) {
                remoteAddress = ((java.net.InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
            }
            inRequest = true;
            arm(ctx, bodyTimeoutMillis, "body");
            ApiResponse refusal = refusal(head);
            if (refusal != null) {
                ReferenceCountUtil.release(msg);
                discarding = true;
                disarm();
                refuse(ctx, refusal);
                return;
            }
        }
        boolean last = msg instanceof LastHttpContent;
        if (last) {
            inRequest = false;
            inFlight = true;
            disarm();
            ctx.channel().config().setAutoRead(false);
        }
        ctx.fireChannelRead(msg);
    }

    /** The answer a request gets from its head alone, or null to read it. */
    private String remoteAddress;

    private ApiResponse refusal(HttpRequest head) {
        if (!head.decoderResult().isSuccess()) {
            return null; // the aggregator and handler answer malformed requests
        }
        HttpApi api = HttpHandler.apiFor(apis, HttpHandler.rawPath(head.uri()));
        if (api != null) {
            return api.precheck(HttpHandler.call(api, head, remoteAddress, null));
        }
        // only the APIs take bodies
        return HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0
                ? new ApiResponse(405, "{\"code\":405,\"message\":\"method not allowed\"}") : null;
    }

    private void refuse(ChannelHandlerContext ctx, ApiResponse refusal) {
        metrics.httpRefused(refusal.status() == 405 ? "method" : refusal.status() == 429 ? "auth_throttled"
                : "unauthorized");
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(refusal.status()), Unpooled.copiedBuffer(refusal.json(), StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        refusal.headers().forEach((k, v) -> res.headers().set(k, v));
        // the body was not read, so the connection cannot carry another request
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        LingeringClose.after(ctx, ctx.writeAndFlush(res));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt != RESPONSE_WRITTEN) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        inFlight = false;
        arm(ctx, idleTimeoutMillis, "idle");
        // answer what was pipelined behind it, one request at a time
        while (!inFlight && !queued.isEmpty() && ctx.channel().isActive()) {
            pass(ctx, queued.poll());
        }
        if (!inFlight) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    private void arm(ChannelHandlerContext ctx, long millis, String which) {
        disarm();
        if (millis <= 0) {
            return;
        }
        deadline = ctx.executor().schedule(() -> {
            if (which.equals("idle") && (inFlight || inRequest)) {
                return;
            }
            metrics.httpRefused(which.equals("idle") ? "idle_timeout" : "body_timeout");
            ctx.close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
