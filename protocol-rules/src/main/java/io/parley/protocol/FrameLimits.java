package io.parley.protocol;

/**
 * Hard limits shared by the server and the SDK. Both sides enforce them: the frame decoder rejects
 * a frame longer than {@link #MAX_FRAME_BYTES} before allocating it, and the operations check the
 * RTM content limits so a bad request fails with the operation's own error code.
 *
 * <p>"KB" in the RTM documentation means 1,024 bytes and limits are inclusive (Parley's reading).
 */
public final class FrameLimits {
    /** Largest RTM message: UTF-8 text, or raw bytes plus UTF-8 description together. */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024;
    /** Largest invitation content or response (UTF-8). */
    public static final int MAX_INVITATION_CONTENT_BYTES = 8 * 1024;
    /** Largest single attribute value (UTF-8). */
    public static final int MAX_ATTRIBUTE_VALUE_BYTES = 8 * 1024;
    /** Largest encoded frame in either direction. Fits a full channel-attribute set plus overhead. */
    public static final int MAX_FRAME_BYTES = 128 * 1024;
    /**
     * Largest frame a connection may send before it logged in: a Login with the longest ids and token
     * fits with room to spare; anything larger before login is refused (protocol error) before it
     * is buffered, so an unauthenticated connection cannot make the server hold 128 KB.
     */
    public static final int MAX_PRE_LOGIN_FRAME_BYTES = 4 * 1024;
    /** Largest token string accepted at login (RTM tokens are about 115–200 characters). */
    public static final int MAX_TOKEN_CHARS = 2048;

    private FrameLimits() {
    }
}
