package io.parley.loadtest.transport;

import java.nio.ByteBuffer;

/** What a {@link RawConnection} reports, on its event loop thread. */
public interface RawListener {
    /** A reply to a request this connection sent; {@code code} is the wire ErrorCode number (0 = OK). */
    default void reply(RawConnection c, int requestId, int code) {
    }

    /** A peer message push (already acknowledged, as the SDK does on receipt). */
    default void peerMessage(RawConnection c, long messageId) {
    }

    /** A channel message push; {@code text} is the UTF-8 body text (a view, only valid during the call). */
    default void channelMessage(RawConnection c, ByteBuffer text) {
    }

    /** The server closed the session or the connection dropped. */
    default void closed(RawConnection c, String reason) {
    }
}
