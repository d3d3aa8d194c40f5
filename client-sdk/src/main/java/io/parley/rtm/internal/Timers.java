package io.parley.rtm.internal;

/**
 * The clock and the timers of the SDK's timed behaviour (request deadlines, heartbeats, login
 * timeout, reconnect backoff). Production runs them on an I/O thread; unit tests drive a manual
 * implementation, so timing logic is tested without waiting.
 */
interface Timers {
    /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Runs {@code task} once after {@code delayMillis}. Tasks must be short and must not call user code. */
    Task schedule(Runnable task, long delayMillis);

    /** Runs {@code task} every {@code periodMillis}, the first time after one period. */
    Task scheduleAtFixedRate(Runnable task, long periodMillis);

    /** A scheduled task. */
    interface Task {
        /** Stops the task if it has not run yet (or, when periodic, its next runs). */
        void cancel();
    }
}
