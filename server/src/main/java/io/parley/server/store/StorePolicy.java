package io.parley.server.store;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Offline-cache limits (RTM: 200 per recipient, 7 days) and the wall clock they are judged by. */
public record StorePolicy(int maxPerUser, Duration ttl, LongSupplier nowMillis) {
    public boolean expired(StoredMessage m) {
        return nowMillis.getAsLong() - m.storedAtMillis() > ttl.toMillis();
    }
}
