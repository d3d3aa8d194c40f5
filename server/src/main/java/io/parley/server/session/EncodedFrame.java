package io.parley.server.session;

import io.parley.protocol.v1.ServerFrame;

/**
 * A push serialised once and sent as the same bytes to many connections (channel fan-out): the
 * transport wraps the array without copying or re-encoding it. Never mutate {@code bytes}.
 */
public record EncodedFrame(byte[] bytes, String type) {
    public static EncodedFrame of(ServerFrame frame) {
        return new EncodedFrame(frame.toByteArray(), frame.getBodyCase().name());
    }

    /** Bytes encoded elsewhere (another node), counted under {@code type} in the frames-out metric. */
    public static EncodedFrame relayed(byte[] bytes) {
        return new EncodedFrame(bytes, "RELAYED");
    }
}
