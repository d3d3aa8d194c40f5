package io.parley.server.transport;

import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Lets Lettuce run its Redis connections on the server's own I/O event loops instead of starting
 * a second set of threads. The server owns the loops: Lettuce's release and shutdown leave them
 * running. If Lettuce asks for another transport than the server uses, it gets its own loops.
 */
final class SharedEventLoops implements EventLoopGroupProvider {
    private final EventLoopGroup shared;
    private final EventLoopGroupProvider fallback = new DefaultEventLoopGroupProvider(1);

    SharedEventLoops(EventLoopGroup shared) {
        this.shared = shared;
    }

    @Override
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        return type.isInstance(shared) ? type.cast(shared) : fallback.allocate(type);
    }

    @Override
    public int threadPoolSize() {
        int n = 0;
        for (var ignored : shared) {
            n++;
        }
        return n;
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
        return group == shared ? ImmediateEventExecutor.INSTANCE.newSucceededFuture(true)
                : fallback.release(group, quietPeriod, timeout, unit);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return fallback.shutdown(quietPeriod, timeout, unit);
    }
}
