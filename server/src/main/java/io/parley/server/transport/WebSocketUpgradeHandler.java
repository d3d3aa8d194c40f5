package io.parley.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import io.parley.server.metrics.ParleyMetrics;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The WebSocket endpoint on the HTTP port: an upgrade request for {@link #PATH} is checked (GET,
 * an {@code Upgrade: websocket} header, an allowed {@code Origin}, the connection caps), answered
 * with a clear HTTP status when it fails, and otherwise turned into a client connection: the
 * HTTP handlers leave the pipeline, and the WebSocket framing plus the same frame handler as the
 * TCP port take their place. Other requests pass on to the HTTP handler.
 */
final class WebSocketUpgradeHandler extends ChannelInboundHandlerAdapter {
    static final String PATH = "/rtm";
    /** The name Netty's server handshaker gives the WebSocket frame decoder it adds. */
    private static final String WEBSOCKET_DECODER = "wsdecoder";

    /** Admits a new client connection against the caps; returns why not (a metrics reason), or null. */
    interface Admission {
        String admit(Channel channel);
    }

    private final WebSocketOrigins origins;
    private final Admission admission;
    private final ParleyMetrics metrics;
    private final boolean secure;
    private final Consumer<ChannelPipeline> clientHandlers;

    /** @param clientHandlers adds the frame handlers of a client connection to the end of a pipeline */
    WebSocketUpgradeHandler(WebSocketOrigins origins, Admission admission, ParleyMetrics metrics, boolean secure,
                            Consumer<ChannelPipeline> clientHandlers) {
        this.origins = origins;
        this.admission = admission;
        this.metrics = metrics;
        this.secure = secure;
        this.clientHandlers = clientHandlers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !new QueryStringDecoder(req.uri()).path().equals(PATH)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            upgrade(ctx, req);
        } finally {
            ReferenceCountUtil.release(req);
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.method().equals(HttpMethod.GET)) {
            refuse(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method", PATH + " takes a WebSocket upgrade (GET)");
            return;
        }
        if (!req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                || !req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            refuse(ctx, HttpResponseStatus.UPGRADE_REQUIRED, "not_upgrade",
                    PATH + " is a WebSocket endpoint: send Connection: Upgrade and Upgrade: websocket");
            return;
        }
        if (!origins.allows(req.headers().get(HttpHeaderNames.ORIGIN), req.headers().get(HttpHeaderNames.HOST))) {
            refuse(ctx, HttpResponseStatus.FORBIDDEN, "origin",
                    "origin not allowed; see websocket.allowed-origins in the server's settings");
            return;
        }
        String url = (secure ? "wss://" : "ws://") + req.headers().get(HttpHeaderNames.HOST, "localhost") + PATH;
        // only the handshake is Netty's: its frame decoder gives way to ours below, so no decoder settings here
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, false).newHandshaker(req);
        if (handshaker == null) {
            metrics.webSocketRejected("version");
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String refusal = admission.admit(ctx.channel());
        if (refusal != null) {
            refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, refusal, refusal.equals("node_limit")
                    ? "node at its connection limit" : "too many connections from this address");
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        handshaker.handshake(ctx.channel(), req); // swaps the HTTP codec for WebSocket framing
        p.remove(HttpHandler.class);
        p.remove(HttpRequestGate.class); // gives reading back to the WebSocket connection
        // no frame is read before this returns (we are on the channel's loop), so none misses these;
        // Netty's encoder stays for the close and pong frames, its decoder gives way to ours
        WebSocketFrameCodec codec = new WebSocketFrameCodec();
        p.replace(WEBSOCKET_DECODER, "ws-decoder", new WebSocketClientFrameDecoder(codec, metrics));
        p.addLast("ws-frames", codec);
        clientHandlers.accept(p);
        p.remove(this);
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason, String message) {
        refuse(ctx, status, reason, metrics, message);
    }

    /** Answers an upgrade that cannot be accepted with {@code status} and closes; counted by {@code reason}. */
    static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason, ParleyMetrics metrics,
                       String message) {
        metrics.webSocketRejected(reason);
        String json = "{\"code\":" + status.code() + ",\"message\":\"" + message + "\"}";
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        if (status == HttpResponseStatus.UPGRADE_REQUIRED) {
            res.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        }
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
}
