package io.parley.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags of the form {@code --name value} or {@code --name=value}. Repeatable flags
 * keep every value; unknown flags and flags without a value are a {@link ConfigException}.
 */
public final class Flags {
    private final Map<String, List<String>> values;

    private Flags(Map<String, List<String>> values) {
        this.values = values;
    }

    private static final Set<String> SERVER_FLAGS = Set.of("host", "port", "http-port", "app-id",
            "app-certificate", "data-dir", "config", "admin-secret", "admin-token-minting", "log-level", "tls-cert", "tls-key", "redis", "node-id",
            "websocket-allowed-origin", "http-host", "redis-tls-trust", "redis-cluster");

    public static Flags parse(List<String> args) {
        return parse(args, SERVER_FLAGS);
    }

    public static Flags parse(List<String> args, Set<String> known) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.length() == 2) {
                throw new ConfigException(a + ": unexpected argument (flags look like --port 9600)");
            }
            String name;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                name = a.substring(2);
                if (i + 1 >= args.size()) {
                    throw new ConfigException("--" + name + ": needs a value");
                }
                value = args.get(++i);
            }
            if (!known.contains(name)) {
                throw new ConfigException("--" + name + ": unknown flag");
            }
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new Flags(out);
    }

    public String last(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }
}
