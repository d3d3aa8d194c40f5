package io.parley.rtm.internal;

import io.parley.rtm.ResultCallback;
import java.util.concurrent.Executor;

/** Delivers results to user callbacks on the callback executor; null callbacks are allowed (as in RTM). */
final class Callbacks {
    private Callbacks() {
    }

    public static <T> void success(Executor executor, ResultCallback<T> cb, T value) {
        if (cb != null) {
            executor.execute(() -> cb.onSuccess(value));
        }
    }

    public static void failure(Executor executor, ResultCallback<?> cb, Class<?> group, int code) {
        if (cb != null) {
            executor.execute(() -> cb.onFailure(ErrorNames.info(group, code)));
        }
    }
}
