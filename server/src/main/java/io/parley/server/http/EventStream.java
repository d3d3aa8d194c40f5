package io.parley.server.http;

import java.util.function.Consumer;

/**
 * A Server-Sent Events answer: the transport keeps the response open and writes each string the
 * stream hands to {@code sink} as one event's {@code data}. The sink never blocks (it queues on
 * the connection's event loop); the returned handle stops the stream when the connection closes.
 */
public interface EventStream {
    AutoCloseable open(Consumer<String> sink);
}
