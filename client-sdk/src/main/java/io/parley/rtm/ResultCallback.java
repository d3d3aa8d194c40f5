package io.parley.rtm;

/**
 * Result of an asynchronous call. Exactly one of the two methods is called, once, on the client's
 * callback executor (never on an I/O thread), in the order the results became known.
 */
public interface ResultCallback<T> {
    void onSuccess(T responseInfo);

    void onFailure(ErrorInfo errorInfo);
}
