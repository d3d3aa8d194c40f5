package io.parley.rtm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    @Test
    void execute_runsInOrderOneAtATime_andSurvivesThrowingTasks() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> seen = new CopyOnWriteArrayList<>();
            int[] concurrent = {0};
            int[] maxConcurrent = {0};
            for (int i = 0; i < 2000; i++) {
                int n = i;
                serial.execute(() -> {
                    synchronized (concurrent) {
                        maxConcurrent[0] = Math.max(maxConcurrent[0], ++concurrent[0]);
                    }
                    seen.add(n);
                    synchronized (concurrent) {
                        concurrent[0]--;
                    }
                    if (n % 100 == 0) {
                        throw new IllegalStateException("user callback bug");
                    }
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2000);
            for (int i = 0; i < 2000; i++) {
                assertThat(seen.get(i)).isEqualTo(i);
            }
            assertThat(maxConcurrent[0]).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
