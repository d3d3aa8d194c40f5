package io.parley.server.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Messages sent with the history option, per app, for the history API: kept for the retention
 * period and up to a per-app cap (the oldest go first), durably. {@link RocksDbMessageHistory} on
 * one node, {@link RedisMessageHistory} in cluster mode; one contract test covers both.
 */
public interface MessageHistory extends AutoCloseable {
    /** Stores {@code r}; completes once it is durable (or fails, and nothing is stored). */
    CompletableFuture<Void> append(String appId, HistoryRecord r);

    /** Up to {@code limit} matching records after skipping {@code offset}, oldest first or (descending) newest first. */
    CompletableFuture<List<HistoryRecord>> query(String appId, HistoryFilter filter, int offset, int limit,
                                                 boolean descending);

    /** How many records match. */
    CompletableFuture<Long> count(String appId, HistoryFilter filter);

    /** Removes records past the retention and beyond each app's cap; completes with how many went. */
    CompletableFuture<Long> purge();

    @Override
    void close();
}
