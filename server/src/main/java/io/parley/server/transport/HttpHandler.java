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
import io.parley.server.admin.AdminApi;
import io.parley.server.admin.AdminRequest;
import io.parley.server.admin.AdminResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Operations HTTP: {@code GET /health} (process up), {@code GET /ready} (accepting logins),
 * {@code GET /metrics} (Prometheus text) and the admin REST API under {@code /api/v1/} (handed to
 * {@link AdminApi} as a plain request; answered when its future completes).
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String API_PREFIX = "/api/v1/";

    private final BooleanSupplier ready;
    private final Supplier<String> metrics;
    private final AdminApi admin;

    HttpHandler(BooleanSupplier ready, Supplier<String> metrics, AdminApi admin) {
        this.ready = ready;
        this.metrics = metrics;
        this.admin = admin;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String rawPath = rawPath(req.uri());
        if (rawPath.startsWith(API_PREFIX) && admin != null) {
            byte[] body = ByteBufUtil.getBytes(req.content());
            AdminRequest call = new AdminRequest(req.method().name(), segments(rawPath.substring(API_PREFIX.length())),
                    req.headers().get(HttpHeaderNames.AUTHORIZATION), body);
            admin.handle(call).whenComplete((r, err) -> {
                AdminResponse out = err == null ? r
                        : new AdminResponse(500, "{\"code\":\"INTERNAL\",\"message\":\"internal error\"}");
                respond(ctx, json(HttpResponseStatus.valueOf(out.status()), out.json()), keepAlive);
            });
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        FullHttpResponse res;
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            res = json(HttpResponseStatus.METHOD_NOT_ALLOWED, "{\"code\":405,\"message\":\"method not allowed\"}");
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
