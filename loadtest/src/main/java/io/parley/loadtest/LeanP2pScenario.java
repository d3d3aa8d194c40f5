package io.parley.loadtest;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the lean-client p2p scenarios share (Parley's wire protocol in {@link RawP2pScenario}, the
 * shared bench's relay in {@link RelayP2pScenario}): the run flag and in-flight count their
 * {@link P2pSender}s keep, the drain, and the report's fields.
 */
abstract class LeanP2pScenario implements Scenario {
    final AtomicBoolean running = new AtomicBoolean();
    final AtomicLong inFlight = new AtomicLong();
    final java.util.List<P2pSender> senders = new java.util.ArrayList<>();
    Stats stats;
    Options options;

    /** Starts every sender on its event loop; paced senders' first messages spread over one tick. */
    @Override
    public void start() {
        running.set(true);
        long start = System.nanoTime();
        for (int i = 0; i < senders.size(); i++) {
            P2pSender s = senders.get(i);
            long first = start + i * P2pSender.PACE_TICK_MICROS * 1_000 / senders.size();
            s.onLoop(() -> {
                s.begin(first);
                if (s.paced()) {
                    s.every(P2pSender.PACE_TICK_MICROS, s::tick);
                }
            });
        }
    }

    /** Messages per second each sender offers ({@code --msg-rate} spread over the pairs), 0 for closed loop. */
    double perSenderRate() {
        return options.msgRate() / (double) options.pairs();
    }

    @Override
    public void stop() {
        running.set(false);
    }

    @Override
    public Map<String, Object> drain() {
        Waits.until(() -> inFlight.get() == 0, 15_000);
        return Map.of("pairs", options.pairs(), "window", options.window(), "size", options.size(),
                "client", options.client(), "offered_msgs_per_s", options.msgRate() > 0 ? options.msgRate() : "max",
                "unacked_after_drain", inFlight.get());
    }

    @Override
    public String unit() {
        return "msgs";
    }
}
