package io.parley.rtm;

import io.parley.rtm.internal.ClientRuntime;

/**
 * A pool of I/O threads that many clients share, so thousands of {@link RtmClient}s fit in one
 * JVM. Create one, pass it to {@link RtmClientConfig.Builder#ioGroup}, and {@link #close()} it
 * after releasing the clients. Without one, clients share a pool the SDK starts with the first
 * client and stops when the last one is released.
 */
public final class RtmIoGroup implements AutoCloseable {
    private RtmIoGroup() {
    }

    /** @param threads I/O threads; 0 = two per core */
    public static RtmIoGroup create(int threads) {
        RtmIoGroup g = new RtmIoGroup();
        ClientRuntime.open(g, threads);
        return g;
    }

    /** Stops the threads (waiting up to 3 s); release the group's clients first. */
    @Override
    public void close() {
        ClientRuntime.close(this);
    }
}
