package io.parley.server.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.Channel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.parley.protocol.FrameLimits;
import io.parley.protocol.v1.ClientFrame;
import io.parley.server.session.CommandDispatcher;

/** Pipeline of a client connection: flush batching, bounded framing, protobuf codec, handler. */
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
        // writes made while reading are flushed once at the end of the read batch
        p.addLast("flush", new FlushConsolidationHandler(256, true));
        p.addLast("framer", new VarintFrameDecoder(FrameLimits.MAX_FRAME_BYTES));
        p.addLast("decoder", new ProtobufDecoder(ClientFrame.getDefaultInstance()));
        p.addLast("prepender", new ProtobufVarint32LengthFieldPrepender());
        p.addLast("encoder", new ProtobufEncoder());
        p.addLast("handler", new ClientFrameHandler(dispatcher, handshakeTimeoutMillis, batchers));
    }
}
