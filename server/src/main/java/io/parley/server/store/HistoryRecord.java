package io.parley.server.store;

/**
 * A text message kept for the history API: sender, destination (a user for a peer message, a
 * channel for a channel message), its kind, text and the server's receive time (Unix ms).
 */
public record HistoryRecord(String source, String destination, Kind kind, String payload, long ms) {
    public enum Kind {
        PEER,
        CHANNEL
    }
}
