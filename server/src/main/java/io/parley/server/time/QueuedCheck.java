package io.parley.server.time;

/**
 * The one check an owner keeps queued in a {@link DeadlineQueue} for one item (a session's token
 * timers, its unacknowledged pushes). Asking for an earlier check than the one queued queues
 * another and makes the queued one stale; asking for a later one is a no-op, because the queued
 * check will look again. When a check comes due, {@link #take} says whether it is the current one.
 * Deadlines compare by difference, as {@link DeadlineQueue}'s do.
 */
public final class QueuedCheck {
    private boolean queued;
    private long at;

    /** True if the caller must add the item to the queue at {@code deadline}. */
    public synchronized boolean request(long deadline) {
        if (queued && deadline - at >= 0) {
            return false;
        }
        queued = true;
        at = deadline;
        return true;
    }

    /** True if the check due at {@code deadline} is the current one; it is then no longer queued. */
    public synchronized boolean take(long deadline) {
        if (!queued || deadline != at) {
            return false;
        }
        queued = false;
        return true;
    }
}
