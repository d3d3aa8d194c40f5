package io.parley.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP connection whose request body was answered before it was read (413, 401, 405).
 * Closing at once, with the body's remainder unread, makes the kernel reset the connection, and a
 * client still sending its body can lose the answer already sent to it. So the answer's end is
 * signalled instead (a TCP FIN, or TLS close_notify), what still arrives is dropped by the handlers
 * that refused it, and the connection is closed after {@link #LINGER_MILLIS}, or sooner when the
 * client closes it.
 */
final class LingeringClose {
    static final long LINGER_MILLIS = 5_000;

    private LingeringClose() {
    }

    static void after(ChannelHandlerContext ctx, ChannelFuture answerWritten) {
        answerWritten.addListener(f -> {
            Channel ch = ctx.channel();
            if (!f.isSuccess()) {
                ch.close();
                return;
            }
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            if (tls != null) {
                tls.closeOutbound();
            } else if (ch instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            }
            ch.config().setAutoRead(true); // keep draining what the client still sends
            ctx.executor().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }
}
