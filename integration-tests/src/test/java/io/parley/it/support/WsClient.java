package io.parley.it.support;

import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.ServerFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A hand-driven WebSocket client (the JDK's): one binary message per frame, reads frames in order
 * (pushes included), records the close code the server sent.
 */
public final class WsClient implements AutoCloseable {
    private final WebSocket ws;
    private final BlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    private final List<ServerFrame> seen = new ArrayList<>();
    /** The server's close status code, once it closed (or -1 if the connection broke without one). */
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private int nextRequestId = 1;

    private WsClient(WebSocket ws) {
        this.ws = ws;
    }

    public static WsClient connect(int httpPort) {
        return connect(httpPort, null);
    }

    /** Connects to {@code ws://127.0.0.1:port/rtm}, with an Origin header when {@code origin} is given. */
    public static WsClient connect(int httpPort, String origin) {
        Listener listener = new Listener();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            b.header("Origin", origin);
        }
        WebSocket ws = b.buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/rtm"), listener).join();
        WsClient c = new WsClient(ws);
        listener.client.complete(c);
        return c;
    }

    public static WsClient loggedIn(int httpPort, String appId, String userId) throws IOException {
        WsClient c = connect(httpPort);
        ServerFrame reply = c.request(ClientFrame.newBuilder().setLogin(Login.newBuilder().setAppId(appId).setUserId(userId)));
        if (reply.getStatus().getCode() != ErrorCode.OK) {
            throw new IllegalStateException("login failed: " + reply.getStatus());
        }
        return c;
    }

    private static final class Listener implements WebSocket.Listener {
        final CompletableFuture<WsClient> client = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                client.thenAccept(c -> {
                    try {
                        c.frames.add(ServerFrame.parseFrom(message));
                    } catch (IOException e) {
                        c.closed.completeExceptionally(e);
                    }
                });
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            client.thenAccept(c -> c.closed.completeExceptionally(new IllegalStateException("server sent text")));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            client.thenAccept(c -> c.closed.complete(statusCode));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            client.thenAccept(c -> c.closed.complete(-1));
        }
    }

    public ServerFrame request(ClientFrame.Builder frame) throws IOException {
        int rid = nextRequestId++;
        send(frame.setRequestId(rid).build());
        return next(f -> f.getRequestId() == rid);
    }

    public void send(ClientFrame frame) {
        sendBinary(frame.toByteArray());
    }

    public void sendBinary(byte[] message) {
        sent(ws.sendBinary(ByteBuffer.wrap(message), true));
    }

    /** One message in two fragments. */
    public void sendFragmented(byte[] first, byte[] second) {
        sent(ws.sendBinary(ByteBuffer.wrap(first), false));
        if (!closed.isDone()) {
            sent(ws.sendBinary(ByteBuffer.wrap(second), true));
        }
    }

    public void sendText(String text) {
        sent(ws.sendText(text, true));
    }

    /**
     * Waits for a send. The server may close the connection while a message it refuses (too large)
     * is still being written: a failed send is fine then, as long as the server did close.
     */
    private void sent(CompletableFuture<WebSocket> f) {
        try {
            f.join();
        } catch (java.util.concurrent.CompletionException e) {
            try {
                closed.get(10, TimeUnit.SECONDS);
            } catch (Exception notClosed) {
                throw e;
            }
        }
    }

    /** The next frame matching {@code p} within 10 s (earlier non-matching frames are kept in {@link #seen()}). */
    public ServerFrame next(Predicate<ServerFrame> p) throws IOException {
        for (ServerFrame f : seen) {
            if (p.test(f)) {
                seen.remove(f);
                return f;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            ServerFrame f;
            try {
                f = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (f == null) {
                throw new IOException("no matching frame within 10 s" + (closed.isDone() ? " (closed)" : ""));
            }
            if (p.test(f)) {
                return f;
            }
            seen.add(f);
        }
    }

    /** The close code the server sent, waiting up to 10 s. */
    public int closeCode() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        ws.abort();
    }
}
