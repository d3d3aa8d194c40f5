package io.parley.rtm.internal;

import java.util.concurrent.CompletableFuture;

/** What {@link CompletableFuture} gained after Java 8 / Android API 24, written out. */
final class Futures {
    private Futures() {
    }

    static <T> CompletableFuture<T> failed(Throwable cause) {
        CompletableFuture<T> f = new CompletableFuture<>();
        f.completeExceptionally(cause);
        return f;
    }
}
