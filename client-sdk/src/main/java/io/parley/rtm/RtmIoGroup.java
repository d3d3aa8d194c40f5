package io.parley.rtm;

import io.parley.rtm.internal.transport.IoGroup;

/**
 * A pool of I/O threads that many clients share, so thousands of {@link RtmClient}s fit in one
 * JVM. Create one, pass it to {@link RtmClientConfig.Builder#ioGroup}, and {@link #close()} it
 * after releasing the clients.
 */
public final class RtmIoGroup implements AutoCloseable {
    private final IoGroup group;

    private RtmIoGroup(IoGroup group) {
        this.group = group;
    }

    /** @param threads I/O threads; 0 = two per core */
    public static RtmIoGroup create(int threads) {
        return new RtmIoGroup(new IoGroup(threads, "parley-sdk-io"));
    }

    /** Internal handle (not part of the stable API). */
    public IoGroup internal() {
        return group;
    }

    @Override
    public void close() {
        group.close();
    }
}
