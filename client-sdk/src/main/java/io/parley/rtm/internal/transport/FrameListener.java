package io.parley.rtm.internal.transport;

import io.parley.protocol.v1.ServerFrame;

/** Events of one connection, called on its I/O thread: handle quickly, never block, never call user code. */
public interface FrameListener {
    void onFrame(TransportConnection connection, ServerFrame frame);

    /** The connection closed (by either side or an error). Called once. */
    void onClosed(TransportConnection connection);
}
