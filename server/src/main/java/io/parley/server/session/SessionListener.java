package io.parley.server.session;

/**
 * Lifecycle events that features hook into (presence, channels, attributes, invitations).
 * Called on the thread that caused the change (an I/O thread or the liveness timer), after the
 * registry was updated and outside the session's lock. Implementations must not block.
 */
public interface SessionListener {
    /** A new session started (fresh login). */
    default void sessionStarted(Session session) {
    }

    /**
     * The login reply (fresh or resumed) has been queued to the client: pushes sent from here on
     * reach it after the reply. Fired by the dispatcher on the connection's I/O thread.
     */
    default void sessionReady(Session session, boolean resumed) {
    }

    /** An existing session was reattached to a new connection within the resume window. */
    default void sessionResumed(Session session) {
    }

    /** The session's token was renewed (its expiry moved). */
    default void tokenRenewed(Session session) {
    }

    /** No packet from the user for the unreachable threshold (6 s by default). */
    default void sessionUnreachable(Session session) {
    }

    /** A packet arrived from an UNREACHABLE session. */
    default void sessionReachable(Session session) {
    }

    /** The session is gone for good; fired exactly once per session. */
    default void sessionEnded(Session session, SessionEndReason reason) {
    }
}
