package io.parley.server.transport;

/**
 * A frame decoder whose limit is {@link io.parley.protocol.FrameLimits#MAX_PRE_LOGIN_FRAME_BYTES}
 * until its connection logs in, then {@link io.parley.protocol.FrameLimits#MAX_FRAME_BYTES}.
 * {@link ClientFrameHandler} tells every such handler of its pipeline once the login succeeded.
 */
interface PreLoginLimited {
    /** The connection logged in: frames up to the full limit are read from now on. */
    void loggedIn();
}
