package io.parley.server.time;

/**
 * Injected time: monotonic nanoseconds for timers and rate limits, wall-clock milliseconds for
 * timestamps and token expiry. Tests use a fake that they move forward instead of sleeping.
 */
public interface TimeSource {
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }
    };

    long nanoTime();

    long currentTimeMillis();
}
