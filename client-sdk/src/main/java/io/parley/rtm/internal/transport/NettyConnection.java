package io.parley.rtm.internal.transport;

import io.netty.channel.Channel;
import io.parley.protocol.v1.ClientFrame;

/** One TCP connection to a server. Thread-safe. */
public final class TransportConnection {
    private final Channel channel;
    private final String endpoint;

    TransportConnection(Channel channel, String endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    /** Queues a frame; ignored when closed (the pending request then times out or fails on close). */
    public void send(ClientFrame frame) {
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    public void close() {
        channel.close();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public String endpoint() {
        return endpoint;
    }

    @Override
    public String toString() {
        return "TransportConnection[" + endpoint + "]";
    }
}
