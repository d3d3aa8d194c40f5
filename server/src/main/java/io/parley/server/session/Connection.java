package io.parley.server.session;

import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ServerFrame;

/**
 * One client connection as the domain sees it: the seam between the Netty transport and the
 * session layer (unit tests use a fake). All methods are thread-safe and never block; writes are
 * queued on the connection's I/O thread and flushed in batches.
 */
public interface Connection {
    /** Queues a frame for the client. Silently ignored once the connection is closed. */
    void send(ServerFrame frame);

    /** Queues a frame serialised once for many recipients (same rules as {@link #send(ServerFrame)}). */
    void send(EncodedFrame frame);

    /**
     * Tells the client why with a {@code SessionAborted} push, then closes the socket once that
     * frame is written. Idempotent.
     */
    void close(DisconnectCode code, String message);

    boolean isOpen();

    /**
     * Why the connection closed, for metrics: the DisconnectCode name the server closed it with,
     * {@code slow_consumer}, or {@code peer} when the client or the network ended it.
     */
    default String closeReason() {
        return "peer";
    }

    /** The transport carrying it, for metrics: {@code tcp} or {@code ws}. Features never branch on it. */
    default String transport() {
        return "tcp";
    }

    /** "ip:port" of the peer, for logs. */
    String remoteAddress();
}
