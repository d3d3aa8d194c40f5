package io.parley.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionRateLimitsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SessionRateLimits limits = new SessionRateLimits(Map.of(), now::get);

    @Test
    void joinSameChannel_isTwoPer5sPerChannel_andAnIdleChannelsLimiterIsDropped() {
        assertThat(limits.tryAcquire("s", Operation.JOIN_SAME_CHANNEL, "room")).isTrue();
        assertThat(limits.tryAcquire("s", Operation.JOIN_SAME_CHANNEL, "room")).isTrue();
        assertThat(limits.tryAcquire("s", Operation.JOIN_SAME_CHANNEL, "room")).isFalse();
        assertThat(limits.tryAcquire("s", Operation.JOIN_SAME_CHANNEL, "other")).isTrue();

        // an hour of join/leave churn over new channel ids: the held limiters stay bounded
        for (int i = 0; i < 60_000; i++) {
            now.addAndGet(Duration.ofMillis(60).toNanos());
            assertThat(limits.tryAcquire("s", Operation.JOIN_SAME_CHANNEL, "churn-" + i)).isTrue();
        }
        assertThat(limits.scopedLimiters("s")).isLessThanOrEqualTo(256);

        // a channel still within its window keeps its budget through a sweep
        assertThat(limits.tryAcquire("s", Operation.JOIN_SAME_CHANNEL, "busy")).isTrue();
        assertThat(limits.tryAcquire("s", Operation.JOIN_SAME_CHANNEL, "busy")).isTrue();
        for (int i = 0; i < 500; i++) {
            assertThat(limits.tryAcquire("s", Operation.JOIN_SAME_CHANNEL, "burst-" + i)).isTrue();
        }
        assertThat(limits.tryAcquire("s", Operation.JOIN_SAME_CHANNEL, "busy")).as("still 2 per 5 s").isFalse();
        now.addAndGet(Duration.ofSeconds(5).toNanos() + 1);
        assertThat(limits.tryAcquire("s", Operation.JOIN_SAME_CHANNEL, "busy")).isTrue();
    }

    @Test
    void forget_dropsEverything() {
        limits.tryAcquire("s", Operation.JOIN_SAME_CHANNEL, "room");
        limits.forget("s");
        assertThat(limits.scopedLimiters("s")).isZero();
    }
}
