package io.parley.server.session;

import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.ServerFrame;
import io.parley.protocol.v1.Status;

/** Reply frames: exactly one per request. */
public final class Replies {
    private static final Status OK = Status.newBuilder().setCode(ErrorCode.OK).build();

    private Replies() {
    }

    public static ServerFrame.Builder ok(int requestId) {
        return ServerFrame.newBuilder().setRequestId(requestId).setStatus(OK);
    }

    public static ServerFrame error(int requestId, ErrorCode code, String message) {
        return ServerFrame.newBuilder().setRequestId(requestId)
                .setStatus(Status.newBuilder().setCode(code).setMessage(message)).build();
    }
}
