package io.parley.server.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.Channel;
import io.parley.protocol.FrameLimits;
import io.parley.server.dispatch.CommandDispatcher;

/** Pipeline of a client connection: bounded framing + protobuf parsing, protobuf encoding, handler. */
final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    private final CommandDispatcher dispatcher;
    private final long handshakeTimeoutMillis;
    private final OutboundBatcher.PerLoop batchers;

    ClientChannelInitializer(CommandDispatcher dispatcher, long handshakeTimeoutMillis) {
        this(dispatcher, handshakeTimeoutMillis, io.parley.server.metrics.ParleyMetrics.NOOP);
    }

    ClientChannelInitializer(CommandDispatcher dispatcher, long handshakeTimeoutMillis,
                             io.parley.server.metrics.ParleyMetrics metrics) {
        this.dispatcher = dispatcher;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.batchers = new OutboundBatcher.PerLoop(metrics);
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        // flushing: the OutboundBatcher flushes each written connection once per event loop iteration
        p.addLast("decoder", new ClientFrameDecoder(FrameLimits.MAX_PRE_LOGIN_FRAME_BYTES,
                FrameLimits.MAX_FRAME_BYTES));
        p.addLast("encoder", new ServerFrameEncoder());
        p.addLast("handler", new ClientFrameHandler(dispatcher, handshakeTimeoutMillis, batchers));
    }
}
