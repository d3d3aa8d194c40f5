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
}
