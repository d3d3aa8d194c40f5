package io.parley.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.FastThreadLocal;
import io.parley.server.metrics.ParleyMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * The first handler of an HTTP-port connection. A well-formed WebSocket upgrade to {@code /rtm}
 * that its origin and the connection caps allow is answered here (101, RFC 6455 §4.2.2) and the
 * connection becomes a client connection, without building Netty's HTTP codec, request, headers
 * and handshaker for it: those allocate about 7 KB per upgrade, which at 10,000 WebSocket sessions
 * showed up as a third of the server's RSS. Anything else — other paths, other methods, a refused
 * origin, a malformed or unusual upgrade — goes to the HTTP pipeline as it arrived, where
 * {@link WebSocketUpgradeHandler} answers it with its status, and the HTTP handler serves the rest.
 */
final class WebSocketFastUpgrade extends ChannelInboundHandlerAdapter {
    private static final int MAX_HEAD = 8192;
    private static final byte[] RESPONSE_HEAD = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: ").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};
    private static final byte[] GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);
    private static final FastThreadLocal<MessageDigest> SHA1 = new FastThreadLocal<>() {
        @Override
        protected MessageDigest initialValue() throws NoSuchAlgorithmException {
            return MessageDigest.getInstance("SHA-1");
        }
    };

    private final WebSocketOrigins origins;
    private final WebSocketUpgradeHandler.Admission admission;
    private final ParleyMetrics metrics;
    private final Consumer<ChannelPipeline> httpHandlers;
    private final Consumer<ChannelPipeline> clientHandlers;
    private ByteBuf head;

    /**
     * @param httpHandlers   adds the HTTP pipeline (codec, upgrade handler, HTTP handler) to the end of a pipeline
     * @param clientHandlers adds the frame handlers of a client connection to the end of a pipeline
     */
    WebSocketFastUpgrade(WebSocketOrigins origins, WebSocketUpgradeHandler.Admission admission, ParleyMetrics metrics,
                         Consumer<ChannelPipeline> httpHandlers, Consumer<ChannelPipeline> clientHandlers) {
        this.origins = origins;
        this.admission = admission;
        this.metrics = metrics;
        this.httpHandlers = httpHandlers;
        this.clientHandlers = clientHandlers;
    }

    /** What an upgrade request says; null fields were absent. */
    private record Upgrade(String key, String host, String origin) {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf b)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (head == null) {
            head = b;
        } else {
            head = ctx.alloc().compositeBuffer().addComponents(true, head, b);
        }
        int end = endOfHead(head);
        if (end < 0) {
            if (head.readableBytes() > MAX_HEAD) {
                toHttp(ctx);
            }
            return; // the rest of the request head is still coming
        }
        Upgrade u = parse(head, end);
        if (u == null || !origins.allows(u.origin(), u.host())) {
            toHttp(ctx); // answered there, with its status
            return;
        }
        String refusal = admission.admit(ctx.channel());
        if (refusal != null) {
            ByteBuf rest = head;
            head = null;
            rest.release();
            WebSocketUpgradeHandler.refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, refusal, metrics,
                    refusal.equals("node_limit") ? "node at its connection limit" : "too many connections from this address");
            return;
        }
        byte[] accept = accept(u.key()).getBytes(StandardCharsets.US_ASCII);
        ByteBuf response = ctx.alloc().ioBuffer(RESPONSE_HEAD.length + accept.length + 4).writeBytes(RESPONSE_HEAD)
                .writeBytes(accept).writeBytes(CRLF_CRLF);
        ctx.writeAndFlush(response);
        ByteBuf rest = head.skipBytes(end - head.readerIndex());
        head = null;
        ChannelPipeline p = ctx.pipeline();
        WebSocketFrameCodec codec = new WebSocketFrameCodec();
        p.addAfter(ctx.name(), "ws-decoder", new WebSocketClientFrameDecoder(codec, metrics));
        p.addAfter("ws-decoder", "ws-frames", codec);
        clientHandlers.accept(p);
        if (rest.isReadable()) {
            ctx.fireChannelRead(rest); // frames a client sent without waiting for the 101
        } else {
            rest.release();
        }
        p.remove(this);
    }

    /** Hands the connection to the HTTP pipeline, with the bytes read so far. */
    private void toHttp(ChannelHandlerContext ctx) {
        ByteBuf bytes = head;
        head = null;
        ChannelPipeline p = ctx.pipeline();
        String self = ctx.name();
        httpHandlers.accept(p);
        ctx.fireChannelRead(bytes);
        if (p.context(self) != null) {
            p.remove(this);
        }
    }

    /** The reader index just past the blank line that ends the request head, or -1. */
    private static int endOfHead(ByteBuf b) {
        int limit = Math.min(b.writerIndex(), b.readerIndex() + MAX_HEAD);
        for (int i = b.readerIndex(); i + 3 < limit; i++) {
            if (b.getByte(i) == '\r' && b.getByte(i + 1) == '\n' && b.getByte(i + 2) == '\r' && b.getByte(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /**
     * The upgrade if {@code b[readerIndex, end)} is a plain RFC 6455 upgrade of {@code GET /rtm},
     * else null. Read in place: only the three values kept become strings.
     */
    private static Upgrade parse(ByteBuf b, int end) {
        int start = b.readerIndex();
        int eol = crlf(b, start, end);
        if (!regionIs(b, start, Math.min(eol, start + 4), "GET ") || eol - start < 13
                || !regionIs(b, eol - 9, eol, " HTTP/1.1")) {
            return null;
        }
        int target = start + 4;
        int pathEnd = b.indexOf(target, eol - 9, (byte) '?');
        if (!regionIs(b, target, pathEnd < 0 ? eol - 9 : pathEnd, WebSocketUpgradeHandler.PATH)) {
            return null;
        }
        String key = null;
        String host = null;
        String origin = null;
        boolean upgrade = false;
        boolean connection = false;
        boolean version = false;
        for (int line = eol + 2; line < end - 2; ) {
            int next = crlf(b, line, end);
            int colon = b.indexOf(line, next, (byte) ':');
            if (colon > line) {
                int vs = colon + 1;
                int ve = next;
                while (vs < ve && b.getByte(vs) == ' ') {
                    vs++;
                }
                while (ve > vs && b.getByte(ve - 1) == ' ') {
                    ve--;
                }
                if (nameIs(b, line, colon, "upgrade")) {
                    upgrade = hasToken(b, vs, ve, "websocket");
                } else if (nameIs(b, line, colon, "connection")) {
                    connection = hasToken(b, vs, ve, "upgrade");
                } else if (nameIs(b, line, colon, "sec-websocket-version")) {
                    version = regionIs(b, vs, ve, "13");
                } else if (nameIs(b, line, colon, "sec-websocket-key")) {
                    key = b.toString(vs, ve - vs, StandardCharsets.US_ASCII);
                } else if (nameIs(b, line, colon, "host")) {
                    host = b.toString(vs, ve - vs, StandardCharsets.ISO_8859_1);
                } else if (nameIs(b, line, colon, "origin")) {
                    origin = b.toString(vs, ve - vs, StandardCharsets.ISO_8859_1);
                } else if (nameIs(b, line, colon, "content-length") || nameIs(b, line, colon, "transfer-encoding")) {
                    return null; // a body on an upgrade: leave it to the full HTTP codec
                }
            }
            line = next + 2;
        }
        return upgrade && connection && version && key != null && key.length() == 24 ? new Upgrade(key, host, origin)
                : null;
    }

    /** The index of the next CRLF at or after {@code from} (or {@code end}). */
    private static int crlf(ByteBuf b, int from, int end) {
        for (int i = from; i + 1 < end; i++) {
            if (b.getByte(i) == '\r' && b.getByte(i + 1) == '\n') {
                return i;
            }
        }
        return end;
    }

    /** True if {@code b[from, to)} is {@code s} exactly. */
    private static boolean regionIs(ByteBuf b, int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b.getByte(from + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True if the header name in {@code b[from, to)} (trailing spaces allowed) is {@code lower}, ignoring case. */
    private static boolean nameIs(ByteBuf b, int from, int to, String lower) {
        while (to > from && b.getByte(to - 1) == ' ') {
            to--;
        }
        return equalsIgnoreCase(b, from, to, lower);
    }

    private static boolean equalsIgnoreCase(ByteBuf b, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b.getByte(from + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True if the comma-separated list in {@code b[from, to)} has {@code lower} (any case) as an element. */
    private static boolean hasToken(ByteBuf b, int from, int to, String lower) {
        int s = from;
        while (s <= to) {
            int comma = b.indexOf(s, to, (byte) ',');
            int e = comma < 0 ? to : comma;
            int ts = s;
            int te = e;
            while (ts < te && b.getByte(ts) == ' ') {
                ts++;
            }
            while (te > ts && b.getByte(te - 1) == ' ') {
                te--;
            }
            if (equalsIgnoreCase(b, ts, te, lower)) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            s = comma + 1;
        }
        return false;
    }

    /** RFC 6455 §4.2.2: base64 of the SHA-1 of the key and the protocol's GUID. */
    static String accept(String key) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        sha1.update(key.getBytes(StandardCharsets.US_ASCII));
        sha1.update(GUID);
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (head != null) {
            head.release();
            head = null;
        }
    }
}
