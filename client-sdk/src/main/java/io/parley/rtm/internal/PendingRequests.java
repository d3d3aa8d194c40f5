package io.parley.rtm.internal;

import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.ServerFrame;
import io.parley.rtm.internal.transport.TransportConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests awaiting their reply, by request id. Every future completes exactly once: with the
 * reply, with a {@link java.util.concurrent.TimeoutException} after its timeout, or with
 * {@link ConnectionLostException} when the connection drops.
 */
final class PendingRequests {
    private final AtomicInteger nextId = new AtomicInteger();
    private final ConcurrentMap<Integer, CompletableFuture<ServerFrame>> pending = new ConcurrentHashMap<>();

    CompletableFuture<ServerFrame> send(TransportConnection conn, ClientFrame.Builder frame, Duration timeout) {
        int id = newId();
        CompletableFuture<ServerFrame> f = new CompletableFuture<>();
        pending.put(id, f);
        f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> pending.remove(id, f));
        conn.send(frame.setRequestId(id).build());
        return f;
    }

    /** Routes a reply; returns false if nobody waits for it (late reply after a timeout). */
    boolean complete(ServerFrame reply) {
        CompletableFuture<ServerFrame> f = pending.remove(reply.getRequestId());
        return f != null && f.complete(reply);
    }

    void failAll(Throwable cause) {
        for (Integer id : pending.keySet()) {
            CompletableFuture<ServerFrame> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(cause);
            }
        }
    }

    private int newId() {
        int id;
        do {
            id = nextId.incrementAndGet() & 0x7fffffff;
        } while (id == 0);
        return id;
    }

    /** The connection carrying a request closed before its reply arrived. */
    static final class ConnectionLostException extends RuntimeException {
        ConnectionLostException() {
            super("connection lost", null, false, false);
        }
    }
}
