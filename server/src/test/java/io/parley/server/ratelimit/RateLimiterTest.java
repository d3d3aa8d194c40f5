package io.parley.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void tryAcquire_allowsPermitsPerWindow_thenFreesThemAsTheWindowSlides() {
        AtomicLong now = new AtomicLong(0);
        RateLimiter limiter = new RateLimiter(3, 1000, now::get);
        assertThat(limiter.tryAcquire()).isTrue();
        now.set(100);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        now.set(1000);
        assertThat(limiter.tryAcquire()).as("oldest grant at 0 is exactly one window old").isFalse();
        now.set(1001);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void zeroPermits_meansUnlimited() {
        RateLimiter limiter = new RateLimiter(0, 1000, () -> 5);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire()).isTrue();
        }
    }

    @Test
    void largeBudgets_countInSlices_allowThePermitsPerWindow_thenRefill() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        int permits = 100_000;
        RateLimiter limiter = new RateLimiter(permits, 1_600, now::get); // slices of 100 ns
        for (int i = 0; i < permits; i++) {
            org.assertj.core.api.Assertions.assertThat(limiter.tryAcquire()).isTrue();
        }
        org.assertj.core.api.Assertions.assertThat(limiter.tryAcquire()).as("the budget is spent").isFalse();
        now.addAndGet(1_500); // still inside the window
        org.assertj.core.api.Assertions.assertThat(limiter.tryAcquire()).isFalse();
        org.assertj.core.api.Assertions.assertThat(limiter.isIdle(now.get())).isFalse();
        now.addAndGet(100); // the slice that held every grant has left the window
        org.assertj.core.api.Assertions.assertThat(limiter.tryAcquire()).isTrue();
        now.addAndGet(10_000);
        org.assertj.core.api.Assertions.assertThat(limiter.isIdle(now.get())).isTrue();
    }

    @Test
    void largeBudgets_spreadOverSlices_stillCapTheWindow() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(0);
        RateLimiter limiter = new RateLimiter(160, 1_600, now::get);
        int granted = 0;
        for (int step = 0; step < 16; step++) { // 20 tries in each of the 16 slices of one window
            for (int i = 0; i < 20; i++) {
                granted += limiter.tryAcquire() ? 1 : 0;
            }
            now.addAndGet(100);
        }
        org.assertj.core.api.Assertions.assertThat(granted).isEqualTo(160);
    }
}
