package io.parley.server.transport;

import io.netty.buffer.ByteBuf;

/**
 * Bounded varint framing and protobuf parsing in one step (the TCP port): each frame is parsed by
 * {@link ClientFrames#parse}, as a WebSocket message's payload is.
 */
final class ClientFrameDecoder extends VarintFrameDecoder implements PreLoginLimited {
    private final int afterLogin;
    private boolean loggedIn;

    /** Frames up to {@code beforeLogin} bytes until the connection logs in, then up to {@code afterLogin}. */
    ClientFrameDecoder(int beforeLogin, int afterLogin) {
        super(beforeLogin);
        this.afterLogin = afterLogin;
    }

    ClientFrameDecoder(int maxFrameBytes) {
        this(maxFrameBytes, maxFrameBytes);
    }

    @Override
    public void loggedIn() {
        loggedIn = true;
        maxFrameBytes(afterLogin);
    }

    /** Before login each frame goes on alone: a Login followed by a large frame in one read must see the raised limit. */
    @Override
    protected boolean oneFramePerCall() {
        return !loggedIn;
    }

    @Override
    protected Object frame(ByteBuf in, int length) {
        int at = in.readerIndex();
        in.skipBytes(length);
        return ClientFrames.parse(in, at, length);
    }
}
