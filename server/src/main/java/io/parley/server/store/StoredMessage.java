package io.parley.server.store;

/**
 * A peer message kept for an offline recipient. {@code seq} is assigned by the store (increasing
 * per store, so per recipient in arrival order) and identifies the message for removal.
 */
public record StoredMessage(long seq, String fromUserId, int type, String text, byte[] raw, long serverReceivedTs,
                            long storedAtMillis) {
    public StoredMessage withSeq(long s) {
        return new StoredMessage(s, fromUserId, type, text, raw, serverReceivedTs, storedAtMillis);
    }
}
