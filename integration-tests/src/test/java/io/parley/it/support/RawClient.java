package io.parley.it.support;

import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.Ping;
import io.parley.protocol.v1.ServerFrame;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A hand-driven client on a raw socket: writes any frame, reads frames in order (pushes included). */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final List<ServerFrame> seen = new ArrayList<>();
    private int nextRequestId = 1;

    public RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
    }

    public static RawClient loggedIn(int port, String appId, String userId) throws IOException {
        RawClient c = new RawClient(port);
        ServerFrame reply = c.request(ClientFrame.newBuilder().setLogin(Login.newBuilder().setAppId(appId).setUserId(userId)));
        if (reply.getStatus().getCode() != ErrorCode.OK) {
            throw new IllegalStateException("login failed: " + reply.getStatus());
        }
        return c;
    }

    /** Sends with a fresh request id and returns the reply to it (pushes read meanwhile are kept in {@link #seen()}). */
    public ServerFrame request(ClientFrame.Builder frame) throws IOException {
        int rid = nextRequestId++;
        send(frame.setRequestId(rid).build());
        return next(f -> f.getRequestId() == rid);
    }

    public void send(ClientFrame frame) throws IOException {
        frame.writeDelimitedTo(socket.getOutputStream());
        socket.getOutputStream().flush();
    }

    /** Round trip: once the Pong is back, the server has processed everything sent before it. */
    public void sync() throws IOException {
        request(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()));
    }

    /** The next frame matching {@code p} (earlier non-matching frames are kept in {@link #seen()}). */
    public ServerFrame next(Predicate<ServerFrame> p) throws IOException {
        for (ServerFrame f : seen) {
            if (p.test(f)) {
                seen.remove(f);
                return f;
            }
        }
        while (true) {
            ServerFrame f = ServerFrame.parseDelimitedFrom(socket.getInputStream());
            if (f == null) {
                throw new IOException("connection closed by the server");
            }
            if (p.test(f)) {
                return f;
            }
            seen.add(f);
        }
    }

    public List<ServerFrame> seen() {
        return seen;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
