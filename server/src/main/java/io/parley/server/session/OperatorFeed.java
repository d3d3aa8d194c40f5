package io.parley.server.session;

import io.parley.protocol.v1.MessageBody;

/**
 * What operators watch besides the session lifecycle (the console's live feed): rate-limit hits
 * and invitation outcomes, with the users involved. Implementations must not block.
 */
public interface OperatorFeed {
    OperatorFeed NONE = new OperatorFeed() {
    };

    /** {@code userId} was refused {@code operation} by its rate limit. */
    default void rateLimited(String appId, String userId, String operation) {
    }

    /** An invitation from {@code callerId} to {@code calleeId} ended or was refused with {@code outcome}. */
    default void invitation(String appId, String callerId, String calleeId, String outcome) {
    }

    /** Whether anyone watches messages now: callers skip {@link #message} (and its arguments) otherwise. */
    default boolean watchingMessages() {
        return false;
    }

    /**
     * A message accepted from {@code from} to a peer or a channel ({@code channel} true). Called only
     * while {@link #watchingMessages}.
     */
    default void message(String appId, String from, String to, boolean channel, MessageBody body) {
    }
}
