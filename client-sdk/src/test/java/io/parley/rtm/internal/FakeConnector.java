package io.parley.rtm.internal;

import io.parley.rtm.internal.transport.Connection;
import io.parley.rtm.internal.transport.Connector;
import io.parley.rtm.internal.transport.FrameListener;
import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.ErrorCode;
import io.parley.rtm.internal.wire.LoginReply;
import io.parley.rtm.internal.wire.ServerFrame;
import io.parley.rtm.internal.wire.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A {@link Connector} whose connects the test answers, and whose connections record what the client sends. */
final class FakeConnector implements Connector {
    final List<String> attempts = new ArrayList<>();
    private final Deque<Pending> waiting = new ArrayDeque<>();

    @Override
    public synchronized CompletableFuture<Connection> connect(String endpoint, int timeoutMillis,
                                                            FrameListener listener) {
        attempts.add(endpoint);
        CompletableFuture<Connection> f = new CompletableFuture<>();
        waiting.add(new Pending(endpoint, listener, f));
        return f;
    }

    /** Completes the oldest open connect with a live connection. */
    FakeConnection accept() {
        Pending p;
        synchronized (this) {
            p = waiting.poll();
        }
        if (p == null) {
            throw new AssertionError("no connect attempt is waiting");
        }
        FakeConnection c = new FakeConnection(p.endpoint, p.listener);
        p.future.complete(c);
        return c;
    }

    /** Fails the oldest open connect (connection refused). */
    void refuse() {
        Pending p;
        synchronized (this) {
            p = waiting.poll();
        }
        p.future.completeExceptionally(new java.net.ConnectException("refused"));
    }

    synchronized int waitingConnects() {
        return waiting.size();
    }

    private static final class Pending {
        final String endpoint;
        final FrameListener listener;
        final CompletableFuture<Connection> future;

        Pending(String endpoint, FrameListener listener, CompletableFuture<Connection> future) {
            this.endpoint = endpoint;
            this.listener = listener;
            this.future = future;
        }
    }

    /** A connection: frames the client sent, and the server's side of it. */
    static final class FakeConnection implements Connection {
        final List<ClientFrame> sent = new ArrayList<>();
        private final String endpoint;
        private final FrameListener listener;
        private boolean open = true;

        FakeConnection(String endpoint, FrameListener listener) {
            this.endpoint = endpoint;
            this.listener = listener;
        }

        @Override
        public synchronized void send(ClientFrame frame) {
            if (open) {
                sent.add(frame);
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (!open) {
                    return;
                }
                open = false;
            }
            listener.onClosed(this);
        }

        @Override
        public synchronized boolean isOpen() {
            return open;
        }

        @Override
        public String endpoint() {
            return endpoint;
        }

        synchronized ClientFrame last(ClientFrame.BodyCase kind) {
            for (int i = sent.size() - 1; i >= 0; i--) {
                if (sent.get(i).getBodyCase() == kind) {
                    return sent.get(i);
                }
            }
            throw new AssertionError("the client sent no " + kind + "; it sent " + kinds());
        }

        synchronized long count(ClientFrame.BodyCase kind) {
            return sent.stream().filter(f -> f.getBodyCase() == kind).count();
        }

        synchronized List<ClientFrame.BodyCase> kinds() {
            List<ClientFrame.BodyCase> out = new ArrayList<>();
            sent.forEach(f -> out.add(f.getBodyCase()));
            return out;
        }

        /** The server answers the client's last login. */
        void acceptLogin(String sessionId, boolean resumed, int heartbeatMillis) {
            int id = last(ClientFrame.BodyCase.LOGIN).getRequestId();
            push(ServerFrame.newBuilder().setRequestId(id).setStatus(Status.newBuilder().setCode(ErrorCode.OK))
                    .setLoginReply(LoginReply.newBuilder().setSessionId(sessionId).setResumed(resumed)
                            .setHeartbeatIntervalMs(heartbeatMillis)).build());
        }

        void refuseLogin(ErrorCode code) {
            int id = last(ClientFrame.BodyCase.LOGIN).getRequestId();
            push(ServerFrame.newBuilder().setRequestId(id).setStatus(Status.newBuilder().setCode(code)).build());
        }

        /** The server answers a request with a status only. */
        void answer(ClientFrame request, ErrorCode code) {
            push(ServerFrame.newBuilder().setRequestId(request.getRequestId())
                    .setStatus(Status.newBuilder().setCode(code)).build());
        }

        void push(ServerFrame frame) {
            listener.onFrame(this, frame);
        }
    }
}
