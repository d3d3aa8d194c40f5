package io.parley.rtm.internal;

import io.parley.rtm.ErrorInfo;
import io.parley.rtm.ResultCallback;

/** Remembers how (and whether) a call completed. */
final class RecordingCallback<T> implements ResultCallback<T> {
    int calls;
    T value;
    ErrorInfo error;

    @Override
    public synchronized void onSuccess(T responseInfo) {
        calls++;
        value = responseInfo;
    }

    @Override
    public synchronized void onFailure(ErrorInfo errorInfo) {
        calls++;
        error = errorInfo;
    }

    synchronized boolean succeeded() {
        return calls == 1 && error == null;
    }

    synchronized int errorCode() {
        if (calls != 1 || error == null) {
            throw new AssertionError("expected one failure, got calls=" + calls + " error=" + error);
        }
        return error.getErrorCode();
    }
}
