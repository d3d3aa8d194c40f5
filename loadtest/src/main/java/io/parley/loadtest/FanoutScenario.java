package io.parley.loadtest;

import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmClient;
import io.parley.rtm.SendMessageOptions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code fanout}: M members in one channel and one publisher (also a member) sending at R msgs/s
 * from one thread (open loop), or as fast as the server accepts with {@code --rate max} (16 in
 * flight). Each payload starts with (measured flag, send time); members record delivery latency.
 * After the window the generator waits up to 10 s for deliveries; lost = expected − delivered.
 */
final class FanoutScenario implements Scenario {
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong measuredPublished = new AtomicLong();
    private final AtomicLong measuredDelivered = new AtomicLong();
    private final AtomicLong publisherMaxLagNanos = new AtomicLong();
    private Stats stats;
    private Options options;
    private RtmClient publisher;
    private RtmChannel channel;
    private String pad;
    private Thread pacer;

    @Override
    public void setUp(Target target, Options o, Stats s) throws Exception {
        this.stats = s;
        this.options = o;
        this.pad = "x".repeat(Math.max(0, o.size() - 22));
        for (int i = 0; i < o.members(); i++) {
            RtmClient c = Setup.login(target, "fan-m" + i, Listeners.quiet());
            Setup.join(c.createChannel("fanout", Listeners.onChannelMessage(m -> {
                String t = m.getText();
                long sent = Long.parseLong(t.substring(1, t.indexOf('|')));
                s.received.increment();
                if (t.charAt(0) == 'M') {
                    measuredDelivered.incrementAndGet();
                    s.ok(System.nanoTime() - sent);
                }
            })));
        }
        publisher = Setup.login(target, "fan-publisher", Listeners.quiet());
        channel = publisher.createChannel("fanout", null);
        Setup.join(channel);
    }

    @Override
    public void start() {
        running.set(true);
        if (options.rate() == Options.RATE_MAX) {
            for (int i = 0; i < 16; i++) {
                publishLoop();
            }
            return;
        }
        pacer = FixedRatePacer.start("fanout-publisher", options.rate(), running, publisherMaxLagNanos, () -> publish(null));
    }

    private void publishLoop() {
        if (running.get()) {
            publish(this::publishLoop);
        }
    }

    private void publish(Runnable then) {
        boolean measured = stats.measuring.get();
        if (measured) {
            measuredPublished.incrementAndGet();
        }
        stats.sent.increment();
        channel.sendMessage(publisher.createMessage((measured ? "M" : "W") + System.nanoTime() + "|" + pad),
                new SendMessageOptions(), Listeners.then(err -> {
                    if (err != null) {
                        stats.error(err);
                    }
                    if (then != null) {
                        then.run();
                    }
                }));
    }

    @Override
    public void stop() {
        running.set(false);
    }

    @Override
    public Map<String, Object> drain() {
        return FanoutReport.afterDrain(options, "sdk", measuredPublished.get(), measuredDelivered, () -> true,
                publisherMaxLagNanos.get());
    }

    @Override
    public String unit() {
        return "deliveries";
    }
}
