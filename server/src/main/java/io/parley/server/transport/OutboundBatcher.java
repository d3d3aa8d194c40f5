package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Coalesces writes to the connections of one event loop: senders on any thread enqueue, and one
 * task on the loop writes everything queued and flushes each touched connection once. A channel
 * message to 1,000 members thus costs one task per event loop instead of one task (and wake-up)
 * per member, and a burst of frames to one connection one flush instead of one syscall each.
 * All writes of a connection go through here, in order, so ordering per connection holds.
 */
final class OutboundBatcher {
    /** The last frame for a connection: written after everything queued before it, then the channel closes. */
    record CloseWith(Object lastFrame) {
    }
    private static final int MAX_PER_DRAIN = 8192;
    /** User event fired on a channel whose unflushed outbound bytes passed the write buffer limit. */
    static final Object SLOW_CONSUMER = new Object();

    private record Pending(Channel channel, Object message) {
    }

    private final EventLoop loop;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

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

    void write(Channel channel, Object message) {
        queue.add(new Pending(channel, message));
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        Map<Channel, Boolean> touched = new IdentityHashMap<>();
        Pending p;
        int n = 0;
        while (n++ < MAX_PER_DRAIN && (p = queue.poll()) != null) {
            Channel ch = p.channel();
            if (p.message() instanceof CloseWith last) {
                if (ch.isActive()) {
                    ch.writeAndFlush(last.lastFrame()).addListener(ChannelFutureListener.CLOSE);
                }
                touched.remove(ch);
                continue;
            }
            if (ch.isActive()) {
                ch.write(p.message(), ch.voidPromise());
                touched.put(ch, Boolean.TRUE);
            } else {
                io.netty.util.ReferenceCountUtil.release(p.message());
            }
        }
        for (Channel ch : touched.keySet()) {
            ch.flush();
            if (!ch.isWritable() && ch.isActive()) {
                // still over the high water mark after the flush: the peer is not reading
                ch.pipeline().fireUserEventTriggered(SLOW_CONSUMER);
            }
        }
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            loop.execute(this::drain); // more than one drain's worth, or added meanwhile
        }
    }
}
