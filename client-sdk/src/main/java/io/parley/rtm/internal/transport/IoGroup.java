package io.parley.rtm.internal.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** I/O threads shared by many clients; also their timer source (tasks must be short and non-blocking). */
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

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
