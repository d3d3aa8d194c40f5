package io.parley.loadtest;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded polling for the CLI's drain phases. */
final class Waits {
    private Waits() {
    }

    /** Polls every 10 ms until {@code condition} holds or {@code maxMillis} passed; returns whether it held. */
    static boolean until(BooleanSupplier condition, long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(10_000_000);
        }
        return true;
    }
}
