package io.parley.server.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test metrics: counts {@link ParleyMetrics#invalidMessage} by source. */
public final class InvalidMessageCounter implements ParleyMetrics {
    public final Map<String, Integer> bySource = new ConcurrentHashMap<>();

    @Override
    public void invalidMessage(String source) {
        bySource.merge(source, 1, Integer::sum);
    }
}
