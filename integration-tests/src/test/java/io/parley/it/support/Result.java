package io.parley.it.support;

import io.parley.rtm.ErrorInfo;
import io.parley.rtm.ResultCallback;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A ResultCallback whose outcome a test can wait for: 0 on success, else the error code. */
public final class Result<T> implements ResultCallback<T> {
    private final CompletableFuture<Integer> code = new CompletableFuture<>();
    private volatile T value;
    private volatile ErrorInfo error;
    private volatile String thread;
    private final Runnable onDone;

    public Result() {
        this(() -> { });
    }

    /** @param onDone runs after either outcome (e.g. to release a send window) */
    public Result(Runnable onDone) {
        this.onDone = onDone;
    }

    @Override
    public void onSuccess(T responseInfo) {
        value = responseInfo;
        thread = Thread.currentThread().getName();
        if (!code.complete(0)) {
            throw new AssertionError("callback fired twice");
        }
        onDone.run();
    }

    @Override
    public void onFailure(ErrorInfo errorInfo) {
        error = errorInfo;
        thread = Thread.currentThread().getName();
        if (!code.complete(errorInfo.getErrorCode())) {
            throw new AssertionError("callback fired twice");
        }
        onDone.run();
    }

    /** Waits for the outcome: 0 = success, else the RTM error code. */
    public int await(Duration timeout) {
        try {
            return code.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no callback within " + timeout, e);
        }
    }

    public int await() {
        return await(Duration.ofSeconds(15));
    }

    public boolean isDone() {
        return code.isDone();
    }

    public T value() {
        return value;
    }

    public ErrorInfo error() {
        return error;
    }

    public String thread() {
        return thread;
    }
}
