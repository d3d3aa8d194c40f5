package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.parley.server.session.EncodedFrame;
import java.util.ArrayList;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * All writes to the connections of one event loop, with one flush per connection per loop
 * iteration. On the loop itself a frame is written at once; from any other thread it is queued and
 * one task writes everything queued (a channel message to 1,000 members costs one task per event
 * loop, not one per member). Every connection written to is flushed once when the loop iteration
 * ends, so a burst of frames to one connection costs one syscall; small frames are encoded back to
 * back into a few buffers per connection ({@link CoalescingBuffer}) instead of one buffer each.
 *
 * <p>Order per connection: callers write under the session's lock, and a write on the loop first
 * writes whatever other threads queued before it, so frames reach a connection in the order they
 * were sent.
 */
final class OutboundBatcher {
    /** The last frame for a connection: written after everything queued before it, then the channel closes. */
    record CloseWith(Object lastFrame) {
    }

    private static final int MAX_PER_DRAIN = 8192;
    /** User event fired on a channel whose unflushed outbound bytes passed the write buffer limit. */
    static final Object SLOW_CONSUMER = new Object();

    private record Pending(NettyConnection connection, Object message) {
    }

    private final EventLoop loop;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainTask;
    private final Runnable flushTask = this::flushTouched;
    // confined to the loop
    private ArrayList<NettyConnection> touched = new ArrayList<>();
    private ArrayList<NettyConnection> flushing = new ArrayList<>();
    private boolean flushScheduled;
    private final byte[] scratch = new byte[CoalescingBuffer.MAX_COALESCED_FRAME];

    private OutboundBatcher(EventLoop loop) {
        this.loop = loop;
    }

    /** One batcher per event loop of a server (owned by its TransportServer, no static state). */
    static final class PerLoop {
        private final Map<EventLoop, OutboundBatcher> byLoop = new ConcurrentHashMap<>();
        private final io.parley.server.metrics.ParleyMetrics metrics;

        PerLoop(io.parley.server.metrics.ParleyMetrics metrics) {
            this.metrics = metrics;
        }

        io.parley.server.metrics.ParleyMetrics metrics() {
            return metrics;
        }

        OutboundBatcher of(Channel channel) {
            return byLoop.computeIfAbsent(channel.eventLoop(), OutboundBatcher::new);
        }
    }

    void write(NettyConnection connection, Object message) {
        if (loop.inEventLoop()) {
            if (!queue.isEmpty()) {
                drain(); // frames other threads queued before this one go first
            }
            writeNow(connection, message);
            return;
        }
        queue.add(new Pending(connection, message));
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    private void drainTask() {
        drainScheduled.set(false);
        drain();
        if (!queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask); // more than one drain's worth, or added meanwhile
        }
    }

    private void drain() {
        Pending p;
        int n = 0;
        while (n++ < MAX_PER_DRAIN && (p = queue.poll()) != null) {
            writeNow(p.connection(), p.message());
        }
    }

    private void writeNow(NettyConnection connection, Object message) {
        Channel ch = connection.channel();
        CoalescingBuffer coalesced = connection.coalesced;
        if (message instanceof CloseWith last) {
            if (ch.isActive()) {
                coalesced.writePending();
                ch.writeAndFlush(last.lastFrame()).addListener(ChannelFutureListener.CLOSE);
            } else {
                ReferenceCountUtil.release(coalesced.take());
            }
            return;
        }
        if (!ch.isActive()) {
            ReferenceCountUtil.release(message);
            ReferenceCountUtil.release(coalesced.take());
            return;
        }
        if (!coalesced.append(message, scratch)) {
            coalesced.writePending(); // keeps the order: what was appended goes first
            Object own = message instanceof EncodedFrame large ? NettyConnection.wireBuffer(large) : message;
            ch.write(own, ch.voidPromise());
        }
        if (!connection.flushPending) {
            connection.flushPending = true;
            touched.add(connection);
            if (!flushScheduled) {
                flushScheduled = true;
                loop.execute(flushTask); // runs after the I/O and tasks already queued in this iteration
            }
        }
    }

    /** At the end of the loop iteration: one flush per connection written to. */
    private void flushTouched() {
        flushScheduled = false;
        ArrayList<NettyConnection> list = touched;
        touched = flushing;
        flushing = list;
        for (int i = 0; i < list.size(); i++) {
            NettyConnection c = list.get(i);
            c.flushPending = false;
            Channel ch = c.channel();
            c.coalesced.writePending();
            ch.flush();
            if (!ch.isWritable() && ch.isActive()) {
                // still over the high water mark after the flush: the peer is not reading
                ch.pipeline().fireUserEventTriggered(SLOW_CONSUMER);
            }
        }
        list.clear();
    }
}
