package io.parley.server.transport;

import io.netty.channel.Channel;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ServerFrame;
import io.parley.protocol.v1.SessionAborted;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import io.parley.server.session.Connection;
import io.parley.server.session.EncodedFrame;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link Connection} over a Netty channel; writes and flushes go through the loop's {@link OutboundBatcher}. */
final class NettyConnection implements Connection {
    private final Channel channel;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile String closeReason = "peer";
    private final String remote;
    private final String transport;
    private final OutboundBatcher batcher;
    private final io.parley.server.metrics.ParleyMetrics metrics;
    /** Confined to the event loop: written since the last flush (see OutboundBatcher). */
    boolean flushPending;
    /** Confined to the event loop: small frames written since the last flush (see OutboundBatcher). */
    final CoalescingBuffer coalesced;

    NettyConnection(Channel channel, OutboundBatcher.PerLoop batchers, String transport) {
        this.channel = channel;
        this.transport = transport;
        this.coalesced = new CoalescingBuffer(channel);
        this.batcher = batchers.of(channel);
        this.metrics = batchers.metrics();
        this.remote = channel.remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(channel.remoteAddress());
    }

    @Override
    public void send(ServerFrame frame) {
        if (!closing.get() && (frame = FrameSizeGuard.check(frame, metrics)) != null) {
            metrics.frameOut(frame.getBodyCase());
            // a frame from another thread is serialised here, while its objects are in this core's
            // cache: the connection's loop then copies bytes instead of walking a foreign object graph
            batcher.write(this, channel.eventLoop().inEventLoop() ? frame : EncodedFrame.of(frame));
        }
    }

    @Override
    public void send(EncodedFrame frame) {
        if (!closing.get() && FrameSizeGuard.fits(frame, metrics)) {
            metrics.frameOut(frame.type());
            batcher.write(this, frame); // small frames are copied, large ones shared: see wireBuffer
        }
    }

    /** Sends from this many connections on share one off-heap copy of the frame. */
    private static final int SHARED_AFTER_SENDS = 4;

    /**
     * The bytes of a frame sent to many connections: the first few sends wrap the array (the
     * transport copies it off-heap per write); after that every connection writes from one shared
     * off-heap copy, freed by the GC when the last write let go of it — no per-member copy.
     */
    static ByteBuf wireBuffer(EncodedFrame frame) {
        Object form = frame.transportForm();
        if (form instanceof ByteBuf shared) {
            return shared.duplicate();
        }
        if (frame.countSend() < SHARED_AFTER_SENDS) {
            return Unpooled.wrappedBuffer(frame.wire());
        }
        byte[] wire = frame.wire();
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length).put(wire).flip();
        ByteBuf shared = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
        frame.transportForm(shared); // a racing sender may make its own copy: harmless
        return shared.duplicate();
    }

    @Override
    public void close(DisconnectCode code, String message) {
        if (closing.compareAndSet(false, true)) {
            closeReason = code.name().toLowerCase(java.util.Locale.ROOT);
            ServerFrame aborted = ServerFrame.newBuilder()
                    .setSessionAborted(SessionAborted.newBuilder().setCode(code).setMessage(message)).build();
            batcher.write(this, new OutboundBatcher.CloseWith(aborted)); // after everything queued before it
        }
    }

    /**
     * The client stopped reading and its outbound buffer passed the limit: close at once (a
     * SessionAborted frame would only queue behind the backlog). The session stays for the resume
     * window; unacked peer messages are re-sent on resume.
     */
    void closeSlowConsumer() {
        if (closing.compareAndSet(false, true)) {
            closeReason = "slow_consumer";
            channel.close();
        }
    }

    Channel channel() {
        return channel;
    }

    @Override
    public String closeReason() {
        return closeReason;
    }

    @Override
    public boolean isOpen() {
        return channel.isActive() && !closing.get();
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }
}
