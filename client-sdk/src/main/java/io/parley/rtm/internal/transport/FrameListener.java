package io.parley.rtm.internal.transport;

import io.parley.rtm.internal.Internal;
import io.parley.rtm.internal.wire.ServerFrame;

/** Events of one connection, called on its I/O thread: handle quickly, never block, never call user code. */
@Internal
public interface FrameListener {
    void onFrame(Connection connection, ServerFrame frame);

    /** The connection closed (by either side or an error). Called once. */
    void onClosed(Connection connection);
}
