package io.parley.rtm.internal.transport;

import io.parley.rtm.internal.Internal;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** I/O threads (Netty NIO, daemons) shared by many clients; also their timer source. */
@Internal
public final class IoGroup implements AutoCloseable {
    private final EventLoopGroup group;

    public IoGroup(int threads, String name) {
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory(name, true));
    }

    EventLoopGroup group() {
        return group;
    }

    /** Schedules on the I/O threads: only for cheap, non-blocking tasks that never call user code. */
    public ScheduledExecutorService scheduler() {
        return group;
    }

    /**
     * Stops the threads without waiting: writes already queued (a logout) get a short quiet period
     * to go out, then every connection of the group closes.
     */
    public void shutdownSoon() {
        group.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
