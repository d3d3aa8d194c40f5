package io.parley.server.transport;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open client connections per node and per remote address, against their caps (0 = no cap).
 * {@link #tryOpen} admits or refuses a new connection; every admitted one is {@link #closed} once.
 */
final class ConnectionLimits {
    /** Why a connection was refused. */
    enum Refusal {
        NODE,
        ADDRESS
    }

    private final int maxPerNode;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();

    ConnectionLimits(int maxPerNode, int maxPerAddress) {
        this.maxPerNode = maxPerNode;
        this.maxPerAddress = maxPerAddress;
    }

    /** Null when admitted (then {@link #closed} must follow), else why not. */
    Refusal tryOpen(InetAddress address) {
        while (true) {
            int n = open.get();
            if (maxPerNode > 0 && n >= maxPerNode) {
                return Refusal.NODE;
            }
            if (open.compareAndSet(n, n + 1)) {
                break;
            }
        }
        if (maxPerAddress > 0 && address != null) {
            boolean[] refused = {false};
            byAddress.compute(address, (a, n) -> {
                int c = n == null ? 0 : n;
                if (c >= maxPerAddress) {
                    refused[0] = true;
                    return n;
                }
                return c + 1;
            });
            if (refused[0]) {
                open.decrementAndGet();
                return Refusal.ADDRESS;
            }
        }
        return null;
    }

    void closed(InetAddress address) {
        open.decrementAndGet();
        if (maxPerAddress > 0 && address != null) {
            byAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    int open() {
        return open.get();
    }
}
