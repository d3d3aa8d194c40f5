package io.parley.server.session;

import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ServerFrame;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory {@link Connection} recording what the server sent and how it closed. */
public final class FakeConnection implements Connection {
    public final List<ServerFrame> sent = new CopyOnWriteArrayList<>();
    public volatile DisconnectCode closedWith;
    private final String name;

    public FakeConnection(String name) {
        this.name = name;
    }

    @Override
    public void send(ServerFrame frame) {
        if (closedWith == null) {
            sent.add(frame);
        }
    }

    @Override
    public void send(EncodedFrame frame) {
        try {
            com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(frame.wire());
            int length = in.readRawVarint32();
            if (length != frame.wire().length - in.getTotalBytesRead()) {
                throw new AssertionError("length prefix " + length + " does not match the frame");
            }
            send(ServerFrame.parseFrom(in));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close(DisconnectCode code, String message) {
        if (closedWith == null) {
            closedWith = code;
        }
    }

    @Override
    public boolean isOpen() {
        return closedWith == null;
    }

    @Override
    public String remoteAddress() {
        return name;
    }

    public ServerFrame last() {
        return sent.get(sent.size() - 1);
    }
}
