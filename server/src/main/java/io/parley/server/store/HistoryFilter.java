package io.parley.server.store;

/**
 * Which history records a query selects: sent by {@code source} (null: anyone), to
 * {@code destination} (a user or a channel; null: anywhere), received at {@code fromMs} ≤ ms ≤
 * {@code toMs}. At least one of source and destination is set.
 */
public record HistoryFilter(String source, String destination, long fromMs, long toMs) {
    public HistoryFilter {
        if (source == null && destination == null) {
            throw new IllegalArgumentException("a history filter needs a source or a destination");
        }
    }

    boolean matches(HistoryRecord r) {
        return (source == null || source.equals(r.source())) && (destination == null || destination.equals(r.destination()))
                && r.ms() >= fromMs && r.ms() <= toMs;
    }
}
