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
    Stats stats;
    Options options;

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
