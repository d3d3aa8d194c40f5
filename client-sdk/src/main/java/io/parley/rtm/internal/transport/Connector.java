package io.parley.rtm.internal.transport;

import io.parley.rtm.internal.Internal;
import java.util.concurrent.CompletableFuture;

/** Opens connections: the seam between a client's session logic and the network. */
@Internal
public interface Connector {
    /**
     * Connects to {@code host:port} (or {@code tls://host:port}); the future fails if the connect
     * (or the TLS handshake) fails. Frames and the close of the connection go to {@code listener}.
     */
    CompletableFuture<Connection> connect(String endpoint, int connectTimeoutMillis, FrameListener listener);
}
