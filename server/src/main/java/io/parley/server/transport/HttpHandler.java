package io.parley.server.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.HttpRequest;
import io.parley.server.http.ApiCall;
import io.parley.server.http.ApiResponse;
import io.parley.server.http.HttpApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Operations HTTP: {@code GET /health} (process up), {@code GET /ready} (accepting logins),
 * {@code GET /metrics} (Prometheus text) and the JSON APIs (the admin API under {@code /api/v1/},
 * Agora's RTM REST API under {@code /dev/v2/project/}), each handed its calls as plain
 * {@link ApiCall}s and answered when its future completes.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final BooleanSupplier ready;
    private final Supplier<String> metrics;
    private final List<HttpApi> apis;

    HttpHandler(BooleanSupplier ready, Supplier<String> metrics, List<HttpApi> apis) {
        this.ready = ready;
        this.metrics = metrics;
        this.apis = apis;
    }

    /** The API whose prefix {@code rawPath} starts with, or null. */
    static HttpApi apiFor(List<HttpApi> apis, String rawPath) {
        for (HttpApi api : apis) {
            if (rawPath.startsWith(api.prefix())) {
                return api;
            }
        }
        return null;
    }

    /** The request as {@code api} sees it (its path after the prefix); {@code body} null for the head alone. */
    static ApiCall call(HttpApi api, HttpRequest req, String remoteAddress, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        return new ApiCall(req.method().name(), segments(rawPath(req.uri()).substring(api.prefix().length())), headers,
                q.parameters(), remoteAddress, body);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String rawPath = rawPath(req.uri());
        HttpApi api = apiFor(apis, rawPath);
        if (api != null) {
            String remote = ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a
                    ? a.getAddress().getHostAddress() : null;
            api.handle(call(api, req, remote, ByteBufUtil.getBytes(req.content()))).whenComplete((r, err) -> {
                if (err == null && r.stream() != null) {
                    ServerSentEvents.start(ctx, r);
                    return;
                }
                ApiResponse out = err == null ? r
                        : new ApiResponse(500, "{\"code\":\"INTERNAL\",\"message\":\"internal error\"}");
                FullHttpResponse res = json(HttpResponseStatus.valueOf(out.status()), out.json());
                out.headers().forEach((k, v) -> res.headers().set(k, v));
                respond(ctx, res, keepAlive);
            });
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        FullHttpResponse res;
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            res = json(HttpResponseStatus.METHOD_NOT_ALLOWED, "{\"code\":405,\"message\":\"method not allowed\"}");
        } else if (path.equals("/") || path.equals("/console")) {
            res = json(HttpResponseStatus.FOUND, "{\"location\":\"/console/\"}");
            res.headers().set(HttpHeaderNames.LOCATION, "/console/");
        } else if (path.equals("/health")) {
            res = json(HttpResponseStatus.OK, "{\"status\":\"UP\"}");
        } else if (path.equals("/metrics")) {
            res = text(HttpResponseStatus.OK, metrics.get());
        } else if (path.equals("/ready")) {
            boolean ok = ready.getAsBoolean();
            res = json(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    ok ? "{\"status\":\"READY\"}" : "{\"status\":\"NOT_READY\"}");
        } else {
            res = json(HttpResponseStatus.NOT_FOUND, "{\"code\":404,\"message\":\"not found\"}");
        }
        respond(ctx, res, keepAlive);
    }

    /** Writes the answer; once written, the gate lets the connection's next request in. */
    private static void respond(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res).addListener(f -> {
                if (f.isSuccess()) {
                    ctx.pipeline().fireUserEventTriggered(HttpRequestGate.RESPONSE_WRITTEN);
                } else {
                    ctx.close();
                }
            });
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    static String rawPath(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** Splits before percent-decoding, so an encoded '/' stays inside its segment. */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/", -1)) {
            out.add(QueryStringDecoder.decodeComponent(s.replace("+", "%2B")));
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1); // tolerate a trailing slash
        }
        return out;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body == null ? "" : body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        return res;
    }

    private static FullHttpResponse json(HttpResponseStatus status, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        return res;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
