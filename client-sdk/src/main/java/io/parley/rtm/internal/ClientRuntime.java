package io.parley.rtm.internal;

import io.parley.rtm.RtmIoGroup;
import io.parley.rtm.internal.transport.IoGroup;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What clients share: I/O threads (which also run the SDK's timers) and the deadline sweeper of
 * their pending requests. The process-wide shared runtime starts with the first client that has no
 * {@link RtmIoGroup} and stops when the last such client is released, so a released SDK leaves no
 * thread behind. An {@link RtmIoGroup} owns a runtime of its own and stops it when closed.
 */
@Internal
public final class ClientRuntime {
    private static final Map<RtmIoGroup, ClientRuntime> GROUPS = new ConcurrentHashMap<>();
    private static ClientRuntime shared; // guarded by ClientRuntime.class
    private static int sharedClients; // guarded by ClientRuntime.class

    private final IoGroup io;
    private final Timers timers;
    private final DeadlineSweeper sweeper;

    private ClientRuntime(IoGroup io) {
        this.io = io;
        this.timers = new ExecutorTimers(io.scheduler());
        this.sweeper = new DeadlineSweeper(timers);
    }

    /** Starts the runtime of an application's I/O group (called by {@link RtmIoGroup#create}). */
    public static void open(RtmIoGroup group, int threads) {
        GROUPS.put(group, new ClientRuntime(new IoGroup(threads, "parley-sdk-io")));
    }

    /** Stops the runtime of an application's I/O group (called by {@link RtmIoGroup#close}). */
    public static void close(RtmIoGroup group) {
        ClientRuntime r = GROUPS.remove(group);
        if (r != null) {
            r.io.close();
        }
    }

    static ClientRuntime of(RtmIoGroup group) {
        ClientRuntime r = GROUPS.get(group);
        if (r == null) {
            throw new IllegalStateException("the RtmIoGroup is closed");
        }
        return r;
    }

    static synchronized ClientRuntime acquireShared() {
        if (shared == null) {
            shared = new ClientRuntime(new IoGroup(0, "parley-sdk-io"));
        }
        sharedClients++;
        return shared;
    }

    /** A client of the shared runtime was released; the last one stops its threads. */
    static synchronized void releaseShared(ClientRuntime runtime) {
        if (runtime == shared && --sharedClients == 0) {
            shared = null;
            runtime.io.shutdownSoon();
        }
    }

    static synchronized boolean sharedRunning() {
        return shared != null;
    }

    IoGroup io() {
        return io;
    }

    Timers timers() {
        return timers;
    }

    DeadlineSweeper sweeper() {
        return sweeper;
    }
}
