package io.parley.loadtest.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client of the shared bench's baseline relay ({@code ../shared/bench}, target {@code relay}), so
 * that the load tool can offer the relay the same paced p2p load it offers Parley. The relay's
 * frames: int32 length of the rest, then u8 type, int32 from, int32 to, int64 message id, payload
 * (big-endian). REGISTER(1) → REGISTERED(2); MSG(3) is forwarded to {@code to}, whose client answers
 * ACK(4) with the same id, forwarded back; NACK(8) when {@code to} is not registered.
 */
public final class RelayConnection extends ByteToMessageDecoder {
    static final byte REGISTER = 1;
    static final byte REGISTERED = 2;
    static final byte MSG = 3;
    static final byte ACK = 4;
    static final byte JOIN = 5;
    static final byte JOINED = 6;
    static final byte CHANMSG = 7;
    static final byte NACK = 8;
    private static final int HEADER = 1 + 4 + 4 + 8;

    /** What a relay connection reports, on its event loop. */
    public interface Listener {
        /** The relay forwarded the recipient's ACK of {@code messageId}. */
        default void acked(RelayConnection c, long messageId) {
        }

        /** The relay refused {@code messageId}: the recipient is not registered. */
        default void refused(RelayConnection c, long messageId) {
        }

        /** A channel message; {@code messageId} as the publisher sent it, {@code first} its payload's first byte. */
        default void channelMessage(RelayConnection c, long messageId, byte first) {
        }

        default void closed(RelayConnection c) {
        }
    }

    private final Listener listener;
    private final CompletableFuture<Void> registered = new CompletableFuture<>();
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private Channel channel;
    private int id;

    RelayConnection(Listener listener) {
        this.listener = listener;
    }

    /** Registers as {@code id}; completes when the relay answers. */
    public CompletableFuture<Void> register(int id) {
        this.id = id;
        channel.eventLoop().execute(() -> ctx.writeAndFlush(frame(REGISTER, id, 0, 0, null)));
        return registered;
    }

    /** Joins channel {@code channelId}; completes when the relay answers. One channel per connection. */
    public CompletableFuture<Void> join(int channelId) {
        channel.eventLoop().execute(() -> ctx.writeAndFlush(frame(JOIN, id, channelId, 0, null)));
        return joined;
    }

    /** Sends a channel message (relayed to every other member); from any thread. */
    public void publish(int channelId, long messageId, byte[] payload) {
        channel.eventLoop().execute(() -> ctx.writeAndFlush(frame(CHANMSG, id, channelId, messageId, payload),
                ctx.voidPromise()));
    }

    /** Sends a message of {@code payload} to {@code to}; on the connection's event loop, flushed at once. */
    public void send(int to, long messageId, byte[] payload) {
        ctx.writeAndFlush(frame(MSG, id, to, messageId, payload), ctx.voidPromise());
    }

    /** Like {@link #send} without the flush (see {@link #flush}). */
    public void write(int to, long messageId, byte[] payload) {
        ctx.write(frame(MSG, id, to, messageId, payload), ctx.voidPromise());
    }

    public void flush() {
        ctx.flush();
    }

    /** Runs {@code task} on this connection's event loop. */
    public void execute(Runnable task) {
        channel.eventLoop().execute(task);
    }

    /** Runs {@code task} every {@code periodMicros} on this connection's event loop until it closes. */
    public void every(long periodMicros, Runnable task) {
        channel.eventLoop().scheduleAtFixedRate(() -> {
            if (channel.isActive()) {
                task.run();
            }
        }, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    }

    public void close() {
        channel.close();
    }

    private ByteBuf frame(byte type, int from, int to, long messageId, byte[] payload) {
        int n = payload == null ? 0 : payload.length;
        ByteBuf b = ctx.alloc().buffer(4 + HEADER + n);
        b.writeInt(HEADER + n).writeByte(type).writeInt(from).writeInt(to).writeLong(messageId);
        if (payload != null) {
            b.writeBytes(payload);
        }
        return b;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        boolean ackSent = false;
        while (in.readableBytes() >= 4) {
            int len = in.getInt(in.readerIndex());
            if (len < HEADER || in.readableBytes() < 4 + len) {
                break;
            }
            int start = in.readerIndex() + 4;
            byte type = in.getByte(start);
            int from = in.getInt(start + 1);
            long messageId = in.getLong(start + 9);
            switch (type) {
                case REGISTERED -> registered.complete(null);
                case JOINED -> joined.complete(null);
                case CHANMSG -> listener.channelMessage(this, messageId, len > HEADER ? in.getByte(start + HEADER) : 0);
                case MSG -> { // the recipient's receipt, as an RTM client acks on arrival
                    ctx.write(frame(ACK, id, from, messageId, null), ctx.voidPromise());
                    ackSent = true;
                }
                case ACK -> listener.acked(this, messageId);
                case NACK -> listener.refused(this, messageId);
                default -> {
                }
            }
            in.skipBytes(4 + len);
        }
        if (ackSent) {
            ctx.flush();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        registered.completeExceptionally(new IllegalStateException("relay connection closed"));
        joined.completeExceptionally(new IllegalStateException("relay connection closed"));
        listener.closed(this);
        super.channelInactive(ctx);
    }
}
