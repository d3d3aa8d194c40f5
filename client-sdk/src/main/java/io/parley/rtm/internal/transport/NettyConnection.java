package io.parley.rtm.internal.transport;

import io.netty.channel.Channel;
import io.parley.rtm.internal.wire.ClientFrame;

/** A {@link Connection} over a Netty channel. */
final class NettyConnection implements Connection {
    private final Channel channel;
    private final String endpoint;

    NettyConnection(Channel channel, String endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    @Override
    public void send(ClientFrame frame) {
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String toString() {
        return "Connection[" + endpoint + "]";
    }
}
