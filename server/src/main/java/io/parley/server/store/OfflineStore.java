package io.parley.server.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Durable cache of peer messages for offline recipients (RTM offline messaging). The single-node
 * default is {@link RocksDbOfflineStore}; the cluster issue adds a Redis implementation. Every
 * implementation passes {@code AbstractOfflineStoreContractTest}.
 *
 * <p>Rules: at most {@code maxPerUser} messages per {@code (appId, userId)} — appending beyond that
 * drops the oldest (newest win); messages older than the TTL are never returned and are purged.
 * Methods never block the caller: they complete on the store's own thread. A future that completed
 * normally means the change is durable.
 */
public interface OfflineStore extends AutoCloseable {
    /** Appends; completes with the stored message (its seq assigned). */
    CompletableFuture<StoredMessage> append(String appId, String userId, StoredMessage message);

    /** The user's unexpired messages, oldest first. */
    CompletableFuture<List<StoredMessage>> load(String appId, String userId);

    /** Removes delivered messages by seq (unknown seqs are ignored). */
    CompletableFuture<Void> remove(String appId, String userId, List<Long> seqs);

    /** Deletes expired messages of every user; completes with how many were deleted. */
    CompletableFuture<Integer> purgeExpired();

    /** Messages held in total (for tests: exact, may scan everything). */
    CompletableFuture<Long> size();

    /** Messages held, cheaply and possibly approximately (for the metrics gauge; never blocks long). */
    long approximateSize();

    /** Bytes held, cheaply and approximately (for the metrics gauge); -1 when the store cannot tell. */
    default long approximateBytes() {
        return -1;
    }

    @Override
    void close();
}
