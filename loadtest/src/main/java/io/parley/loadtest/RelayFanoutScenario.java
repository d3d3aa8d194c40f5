package io.parley.loadtest;

import io.parley.loadtest.transport.RelayConnection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code fanout --client relay}: the fixed-rate fan-out of {@link RawFanoutScenario} (M members, one
 * publisher at R messages/s) against the shared bench's baseline relay, for delivery latency beside
 * Parley's at the same offered rate. The relay does not answer channel messages, so there is no
 * closed-loop ({@code --rate max}) form; a message's id carries its send time.
 */
final class RelayFanoutScenario implements Scenario {
    private static final int CHANNEL = 1;
    private static final int PUBLISHER_ID = 1_000_000;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong measuredPublished = new AtomicLong();
    private final AtomicLong measuredDelivered = new AtomicLong();
    private final AtomicLong publisherMaxLagNanos = new AtomicLong();
    private Stats stats;
    private Options options;
    private RelayConnection publisher;
    private byte[] measuredPayload;
    private byte[] warmupPayload;

    @Override
    public void setUp(Target target, Options o, Stats s) throws Exception {
        if (o.rate() == Options.RATE_MAX) {
            throw new IllegalArgumentException("--client relay: fanout needs a fixed --rate (the relay does not answer)");
        }
        this.stats = s;
        this.options = o;
        measuredPayload = ("M" + "x".repeat(Math.max(0, o.size() - 1))).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        warmupPayload = ("W" + "x".repeat(Math.max(0, o.size() - 1))).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        RelayConnection.Listener member = new RelayConnection.Listener() {
            @Override
            public void channelMessage(RelayConnection c, long sentNanos, byte first) {
                long now = System.nanoTime();
                s.received.increment();
                if (first == 'M') {
                    measuredDelivered.incrementAndGet();
                    s.ok(now - sentNanos);
                }
            }
        };
        for (int i = 0; i < o.members(); i++) {
            target.relayLogin(i + 1, member).join(CHANNEL).get(60, TimeUnit.SECONDS);
        }
        publisher = target.relayLogin(PUBLISHER_ID, new RelayConnection.Listener() {
        });
        publisher.join(CHANNEL).get(60, TimeUnit.SECONDS);
    }

    @Override
    public void start() {
        running.set(true);
        FixedRatePacer.start("relay-fanout-publisher", options.rate(), running, publisherMaxLagNanos, () -> {
            boolean measured = stats.measuring.get();
            if (measured) {
                measuredPublished.incrementAndGet();
            }
            stats.sent.increment();
            publisher.publish(CHANNEL, System.nanoTime(), measured ? measuredPayload : warmupPayload);
        });
    }

    @Override
    public void stop() {
        running.set(false);
    }

    @Override
    public Map<String, Object> drain() {
        return FanoutReport.afterDrain(options, options.client(), measuredPublished.get(), measuredDelivered, () -> true,
                publisherMaxLagNanos.get());
    }

    @Override
    public String unit() {
        return "deliveries";
    }
}
