package io.parley.server.transport;

import io.parley.protocol.FrameLimits;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.metrics.ParleyMetrics;
import io.parley.server.session.EncodedFrame;
import io.parley.server.session.Replies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last check before a frame is written: a client drops a frame over
 * {@link FrameLimits#MAX_FRAME_BYTES} (an older SDK even its connection), so the server never
 * writes one. The features keep their frames within the limit; a frame that still passes it is a
 * bug, so it is logged and counted, and a reply becomes an INTERNAL error reply (the request is
 * still answered once), a push is not written.
 */
final class FrameSizeGuard {
    private static final Logger log = LoggerFactory.getLogger(FrameSizeGuard.class);

    private FrameSizeGuard() {
    }

    /** {@code frame}, its replacement (an error reply), or null when nothing may be written. */
    static ServerFrame check(ServerFrame frame, ParleyMetrics metrics) {
        int size = frame.getSerializedSize(); // memoised: the encoder reuses it
        if (size <= FrameLimits.MAX_FRAME_BYTES) {
            return frame;
        }
        metrics.oversizeFrame(frame.getBodyCase());
        log.error("not writing a {}-byte {} frame (request {}): over the {}-byte client frame limit", size,
                frame.getBodyCase(), frame.getRequestId(), FrameLimits.MAX_FRAME_BYTES);
        return frame.getRequestId() == 0 ? null
                : Replies.error(frame.getRequestId(), ErrorCode.INTERNAL, "the reply exceeds the frame limit");
    }

    /** True if {@code frame} may be written. */
    static boolean fits(EncodedFrame frame, ParleyMetrics metrics) {
        int size = frame.frameLength();
        if (size <= FrameLimits.MAX_FRAME_BYTES) {
            return true;
        }
        metrics.oversizeFrame(frame.type());
        log.error("not writing a {}-byte {} push: over the {}-byte client frame limit", size, frame.type(),
                FrameLimits.MAX_FRAME_BYTES);
        return false;
    }
}
