package io.parley.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The result of a run, with the shared bench's field names, as JSON and as a table. */
final class Report {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    Report put(String k, Object v) {
        fields.put(k, v);
        return this;
    }

    Object get(String k) {
        return fields.get(k);
    }

    static Map<String, Object> latency(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", h.getValueAtPercentile(50) / 1000);
        m.put("p90", h.getValueAtPercentile(90) / 1000);
        m.put("p99", h.getValueAtPercentile(99) / 1000);
        m.put("p99_9", h.getValueAtPercentile(99.9) / 1000);
        m.put("max", h.getMaxValue() / 1000);
        m.put("mean", Math.round(h.getMean() / 1000));
        return m;
    }

    String json() {
        return json(fields);
    }

    private static String json(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append('"').append(e.getKey()).append("\":").append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (v instanceof java.util.List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : l) {
                b.append(b.length() > 1 ? "," : "").append(json(o));
            }
            return b.append(']').toString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return v == null ? "null" : '"' + v.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    String table() {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(String.format("  %-28s %s%n", k, v instanceof Map ? json(v) : v)));
        return b.toString();
    }
}
