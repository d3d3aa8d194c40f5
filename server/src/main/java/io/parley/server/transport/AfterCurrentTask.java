package io.parley.server.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.Executor;

/**
 * Runs a task after the task that submitted it, on the same event loop: a Netty loop takes tasks
 * submitted while it handles I/O in the same iteration, once that I/O is done, so work queued by
 * every read of one iteration can be handled once (the cluster's coalesced publishes). Off the
 * event loops (timers, the offline store's thread) the task runs at once.
 */
public final class AfterCurrentTask implements Executor {
    public static final AfterCurrentTask INSTANCE = new AfterCurrentTask();

    private AfterCurrentTask() {
    }

    @Override
    public void execute(Runnable task) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop != null && loop.inEventLoop()) {
            loop.execute(task);
        } else {
            task.run();
        }
    }
}
