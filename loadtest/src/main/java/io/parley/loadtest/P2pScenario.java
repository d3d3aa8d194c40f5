package io.parley.loadtest;

import io.parley.rtm.RtmClient;
import io.parley.rtm.SendMessageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;


/**
 * {@code p2p} / {@code p2p-sync}: P sender→recipient pairs; each sender keeps W messages in flight
 * (closed loop) and sends the next when one is acknowledged. A message completes when the sender's
 * {@code onSuccess} fires, i.e. after the recipient's SDK acknowledged it.
 */
final class P2pScenario implements Scenario {
    private final List<RtmClient> senders = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong inFlight = new AtomicLong();
    private Stats stats;
    private Options options;
    private String payload;

    @Override
    public void setUp(Target target, Options o, Stats s) throws Exception {
        this.stats = s;
        this.options = o;
        this.payload = "x".repeat(Math.max(1, o.size()));
        for (int i = 0; i < o.pairs(); i++) {
            Setup.login(target, "p2p-r" + i, Listeners.onPeerMessage((m, from) -> s.received.increment()));
            senders.add(Setup.login(target, "p2p-s" + i, Listeners.quiet()));
        }
    }

    @Override
    public void start() {
        running.set(true);
        for (int i = 0; i < senders.size(); i++) {
            for (int w = 0; w < options.window(); w++) {
                send(senders.get(i), "p2p-r" + i);
            }
        }
    }

    private void send(RtmClient sender, String peer) {
        if (!running.get()) {
            return;
        }
        inFlight.incrementAndGet();
        stats.sent.increment();
        long start = System.nanoTime();
        sender.sendMessageToPeer(peer, sender.createMessage(payload), new SendMessageOptions(), Listeners.then(err -> {
            inFlight.decrementAndGet();
            if (err == null) {
                stats.ok(System.nanoTime() - start);
            } else {
                stats.error(err);
            }
            send(sender, peer);
        }));
    }

    @Override
    public void stop() {
        running.set(false);
    }

    @Override
    public Map<String, Object> drain() {
        Waits.until(() -> inFlight.get() == 0, 15_000);
        return Map.of("pairs", options.pairs(), "window", options.window(), "size", options.size(),
                "unacked_after_drain", inFlight.get());
    }

    @Override
    public String unit() {
        return "msgs";
    }
}
