package io.parley.rtm.internal;

import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.ServerFrame;
import io.parley.rtm.internal.transport.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests awaiting their reply, by request id. Every future completes exactly once: with the
 * reply, with a {@link java.util.concurrent.TimeoutException} after its timeout, or with
 * {@link ConnectionLostException} when the connection drops.
 */
final class PendingRequests {
    private final DeadlineSweeper sweeper;
    private final AtomicInteger nextId = new AtomicInteger();
    private final ConcurrentMap<Integer, CompletableFuture<ServerFrame>> pending = new ConcurrentHashMap<>();
    /** Requests whose answer belongs to the server session, not the connection (they survive a resume). */
    private final Set<Integer> sessionBound = ConcurrentHashMap.newKeySet();

    PendingRequests(DeadlineSweeper sweeper) {
        this.sweeper = sweeper;
    }

    /** A registered request: the frame to send (id assigned) and the future of its answer. */
    static final class Registered {
        private final ClientFrame frame;
        private final CompletableFuture<ServerFrame> answer;

        Registered(ClientFrame frame, CompletableFuture<ServerFrame> answer) {
            this.frame = frame;
            this.answer = answer;
        }

        ClientFrame frame() {
            return frame;
        }

        CompletableFuture<ServerFrame> answer() {
            return answer;
        }
    }

    CompletableFuture<ServerFrame> send(Connection conn, ClientFrame.Builder frame, long timeoutMillis) {
        Registered r = register(frame, timeoutMillis, false);
        conn.send(r.frame());
        return r.answer();
    }

    /**
     * Registers a request (assigning its id and starting its timeout) without sending it; the
     * caller sends the frame now or after a reconnect.
     */
    Registered register(ClientFrame.Builder frame, long timeoutMillis, boolean boundToSession) {
        int id = newId();
        Request f = new Request(sweeper.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        pending.put(id, f);
        if (boundToSession) {
            sessionBound.add(id);
        }
        f.whenComplete((r, e) -> {
            pending.remove(id, f);
            sessionBound.remove(id);
        });
        sweeper.watch(this);
        return new Registered(frame.setRequestId(id).build(), f);
    }

    /**
     * Times out requests past their deadline. Called by {@link DeadlineSweeper} a few dozen times
     * a second while this table has requests.
     */
    void expire(long nowNanos) {
        for (CompletableFuture<ServerFrame> f : pending.values()) {
            if (f instanceof Request && nowNanos - ((Request) f).deadlineNanos >= 0) {
                f.completeExceptionally(new TimeoutException());
            }
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** A pending request's future with its deadline. */
    static final class Request extends CompletableFuture<ServerFrame> {
        final long deadlineNanos;

        Request(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }

    /** Routes a reply; returns false if nobody waits for it (late reply after a timeout). */
    boolean complete(ServerFrame reply) {
        CompletableFuture<ServerFrame> f = pending.remove(reply.getRequestId());
        return f != null && f.complete(reply);
    }

    /** The connection dropped: fails the connection-bound requests; session-bound ones keep waiting. */
    void failConnectionBound(Throwable cause) {
        for (Integer id : pending.keySet()) {
            if (!sessionBound.contains(id)) {
                fail(id, cause);
            }
        }
    }

    /** Fails every request except the given not-yet-sent ones (they go to the new session). */
    void failAllExcept(List<Registered> keep, Throwable cause) {
        Set<Integer> kept = new HashSet<>();
        keep.forEach(r -> kept.add(r.frame().getRequestId()));
        for (Integer id : pending.keySet()) {
            if (!kept.contains(id)) {
                fail(id, cause);
            }
        }
    }

    /** The session is gone (logout, abort, fresh session after reconnect): fails everything. */
    void failAll(Throwable cause) {
        for (Integer id : pending.keySet()) {
            fail(id, cause);
        }
    }

    private void fail(Integer id, Throwable cause) {
        CompletableFuture<ServerFrame> f = pending.remove(id);
        sessionBound.remove(id);
        if (f != null) {
            f.completeExceptionally(cause);
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

    /** The server session a request belonged to is gone; whether it took effect is unknown. */
    public static final class SessionLostException extends RuntimeException {
        SessionLostException() {
            super("session lost", null, false, false);
        }
    }

    /** The user logged out (or the session was aborted) before the answer came. */
    public static final class SessionClosedException extends RuntimeException {
        SessionClosedException() {
            super("session closed", null, false, false);
        }
    }
}
