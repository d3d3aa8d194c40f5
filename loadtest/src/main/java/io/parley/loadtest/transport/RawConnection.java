package io.parley.loadtest.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.JoinChannel;
import io.parley.protocol.v1.Login;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection that speaks Parley's wire protocol directly: login and pings like the
 * SDK, one DeliveryAck per peer message push like the SDK, and hand-encoded hot-path frames, with
 * nothing else per message — so that on a shared 2-core machine the server, not the generator,
 * is what saturates. Frames are parsed in place; writes made while reading are flushed once when
 * the read batch ends.
 */
public final class RawConnection extends ByteToMessageDecoder {
    /** Set-up requests (login, join) use this id, one at a time; hot-path requests use 2 and up. */
    private static final int SETUP_REQUEST_ID = 1;
    private static final int SERVER_LOGIN_REPLY = 10;
    private static final int CLIENT_PING = 13;

    private final RawListener listener;
    private final int[] end = new int[1];
    private volatile Channel channel;
    private ChannelHandlerContext ctx;
    private boolean inRead;
    private boolean needsFlush;
    private CompletableFuture<Integer> setup;
    private java.util.concurrent.ScheduledFuture<?> pings;

    RawConnection(RawListener listener) {
        this.listener = listener;
    }

    /**
     * Logs in (token may be null for apps without a certificate); completes with the wire code (0 = OK).
     * Once logged in the connection pings at the server's heartbeat interval, as the SDK does.
     */
    public CompletableFuture<Integer> login(String appId, String userId, String token) {
        Login.Builder l = Login.newBuilder().setAppId(appId).setUserId(userId).setSdkVersion("parley-loadtest-raw");
        if (token != null) {
            l.setToken(token);
        }
        return request(ClientFrame.newBuilder().setLogin(l));
    }

    /** Logs out; completes with the wire code (the server then closes the connection). */
    public CompletableFuture<Integer> logout() {
        return request(ClientFrame.newBuilder().setLogout(io.parley.protocol.v1.Logout.getDefaultInstance()));
    }

    /** Joins a channel; completes with the wire code. */
    public CompletableFuture<Integer> join(String channelId) {
        return request(ClientFrame.newBuilder().setJoinChannel(JoinChannel.newBuilder().setChannelId(channelId)));
    }

    /** A set-up request (not for the hot path): at most one outstanding per connection. */
    private CompletableFuture<Integer> request(ClientFrame.Builder frame) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        byte[] bytes = frame.setRequestId(SETUP_REQUEST_ID).build().toByteArray();
        channel.eventLoop().execute(() -> {
            if (setup != null && !setup.isDone()) {
                f.completeExceptionally(new IllegalStateException("a set-up request is already outstanding"));
                return;
            }
            if (!channel.isActive()) {
                // closed before this ran (a server refusing the connection): channelInactive has
                // already run and would never complete it
                f.completeExceptionally(new IllegalStateException("connection closed"));
                return;
            }
            setup = f;
            ctx.writeAndFlush(Wire.prefixed(ctx.alloc(), bytes)).addListener(w -> {
                if (!w.isSuccess()) {
                    f.completeExceptionally(new IllegalStateException("write failed: " + w.cause()));
                }
            });
        });
        return f;
    }

    /** Runs {@code task} every {@code periodMicros} on this connection's event loop while it is open. */
    public void every(long periodMicros, Runnable task) {
        channel.eventLoop().scheduleAtFixedRate(() -> {
            if (channel.isActive()) {
                task.run();
            }
        }, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    }

    /** Runs {@code task} on this connection's event loop (where its listener is called). */
    public void execute(Runnable task) {
        channel.eventLoop().execute(task);
    }

    /** Writes a frame; from the event loop during a read it is flushed when the read batch ends. */
    public void send(ByteBuf frame) {
        if (ctx.executor().inEventLoop()) {
            if (inRead) {
                ctx.write(frame, ctx.voidPromise());
                needsFlush = true;
            } else {
                ctx.writeAndFlush(frame, ctx.voidPromise());
            }
        } else {
            ctx.executor().execute(() -> send(frame));
        }
    }

    /** On the event loop: writes {@code ClientFrame{request_id, field = body}} without flushing (see {@link #flush}). */
    public void write(int requestId, int field, byte[] body) {
        ctx.write(Wire.frame(ctx.alloc(), requestId, field, body), ctx.voidPromise());
    }

    /** On the event loop: flushes what {@link #write} wrote. */
    public void flush() {
        ctx.flush();
    }

    /** Encodes {@code ClientFrame{request_id, field = body}} and sends it. */
    public void send(int requestId, int field, byte[] body) {
        send(Wire.frame(ctx.alloc(), requestId, field, body));
    }

    public void close() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        inRead = true;
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        inRead = false;
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (setup != null && !setup.isDone()) {
            setup.completeExceptionally(new IllegalStateException("connection closed"));
        }
        if (pings != null) {
            pings.cancel(false);
        }
        listener.closed(this, "connection closed");
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int length = -1;
            int v = 0;
            for (int i = 0; i < 5 && in.isReadable(); i++) {
                byte x = in.readByte();
                v |= (x & 0x7F) << (7 * i);
                if (x >= 0) {
                    length = v;
                    break;
                }
            }
            if (length < 0 || in.readableBytes() < length) {
                in.readerIndex(start);
                return;
            }
            int from = in.readerIndex();
            int to = from + length;
            frame(in, from, to);
            in.readerIndex(to);
        }
    }

    private void frame(ByteBuf b, int from, int to) {
        b.readerIndex(from);
        int requestId = 0;
        int code = 0;
        int body = 0;
        int bodyStart = -1;
        int bodyEnd = -1;
        while (b.readerIndex() < to) {
            long tag = Wire.readVarint(b);
            int field = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            if (field == 1 && type == 0) {
                requestId = (int) Wire.readVarint(b);
            } else if (field == 2 && type == 2) {
                int len = (int) Wire.readVarint(b);
                int s = b.readerIndex();
                code = (int) Wire.varintField(b, s, s + len, 1, 0);
            } else if (type == 2) {
                int len = (int) Wire.readVarint(b);
                body = field;
                bodyStart = b.readerIndex();
                bodyEnd = bodyStart + len;
                b.skipBytes(len);
            } else {
                Wire.skip(b, type);
            }
        }
        switch (body) {
            case Wire.SERVER_PEER_MESSAGE -> {
                long id = Wire.varintField(b, bodyStart, bodyEnd, 1, 0);
                send(Wire.deliveryAck(ctx.alloc(), id));
                listener.peerMessage(this, id);
            }
            case Wire.SERVER_CHANNEL_MESSAGE -> {
                int msgBody = Wire.lenField(b, bodyStart, bodyEnd, 3, end);
                if (msgBody >= 0) {
                    int bodyTo = end[0];
                    int text = Wire.lenField(b, msgBody, bodyTo, 2, end);
                    if (text >= 0) {
                        listener.channelMessage(this, b.nioBuffer(text, end[0] - text));
                    }
                }
            }
            case Wire.SERVER_SESSION_ABORTED -> listener.closed(this, "session aborted, code "
                    + Wire.varintField(b, bodyStart, bodyEnd, 1, 0));
            default -> {
                if (requestId == SETUP_REQUEST_ID && setup != null && !setup.isDone()) {
                    if (code == 0 && body == SERVER_LOGIN_REPLY && pings == null) {
                        long hb = Wire.varintField(b, bodyStart, bodyEnd, 5, 0);
                        if (hb > 0) {
                            pings = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(
                                    Wire.frame(ctx.alloc(), 0, CLIENT_PING, new byte[0]), ctx.voidPromise()),
                                    hb, hb, TimeUnit.MILLISECONDS);
                        }
                    }
                    setup.complete(code);
                } else if (requestId > SETUP_REQUEST_ID) {
                    listener.reply(this, requestId, code);
                }
            }
        }
        b.readerIndex(to);
    }
}
