package io.parley.rtm.internal.transport;

import io.parley.rtm.internal.Internal;
import io.parley.rtm.internal.wire.ClientFrame;

/** One connection to a server. Thread-safe. */
@Internal
public interface Connection {
    /** Queues a frame; ignored when closed (the pending request then times out or fails on close). */
    void send(ClientFrame frame);

    void close();

    boolean isOpen();

    String endpoint();
}
