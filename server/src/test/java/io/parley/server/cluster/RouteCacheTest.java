package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RouteCacheTest {
    private final RouteCache routes = new RouteCache(1_000, Duration.ofMinutes(10));
    private final AtomicInteger lookups = new AtomicInteger();

    private CompletableFuture<String> lookup(CompletableFuture<String> answer) {
        lookups.incrementAndGet();
        return answer;
    }

    @Test
    void messagesDuringALookup_shareIt_andTheAnswerIsKeptUntilForgotten() {
        CompletableFuture<String> directory = new CompletableFuture<>();
        CompletableFuture<String> first = routes.get("app", "bob", () -> lookup(directory));
        CompletableFuture<String> second = routes.get("app", "bob", () -> lookup(directory));
        assertThat(lookups).hasValue(1);
        directory.complete("node-b");
        assertThat(first.join()).isEqualTo("node-b");
        assertThat(second.join()).isEqualTo("node-b");

        assertThat(routes.get("app", "bob", () -> lookup(CompletableFuture.completedFuture("other"))).join())
                .isEqualTo("node-b");
        assertThat(lookups).hasValue(1);

        routes.forget("app", "bob");
        assertThat(routes.get("app", "bob", () -> lookup(CompletableFuture.completedFuture("node-c"))).join())
                .isEqualTo("node-c");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void noAnswer_andFailedLookups_areNotKept() {
        assertThat(routes.get("app", "carol", () -> lookup(CompletableFuture.completedFuture(null))).join()).isNull();
        assertThat(routes.get("app", "carol", () -> lookup(CompletableFuture.failedFuture(new IllegalStateException())))
                .isCompletedExceptionally()).isTrue();
        assertThat(routes.get("app", "carol", () -> lookup(CompletableFuture.completedFuture("node-b"))).join())
                .isEqualTo("node-b");
        assertThat(lookups).hasValue(3);
    }

    @Test
    void aNodeThatStopped_losesAllItsRoutes() {
        routes.get("app", "u1", () -> CompletableFuture.completedFuture("dead")).join();
        routes.get("app", "u2", () -> CompletableFuture.completedFuture("dead")).join();
        routes.get("app", "u3", () -> CompletableFuture.completedFuture("alive")).join();
        routes.forgetNode("dead");
        assertThat(routes.peek("app", "u1")).isNull();
        assertThat(routes.peek("app", "u2")).isNull();
        assertThat(routes.peek("app", "u3")).isEqualTo("alive");
    }
}
