package io.parley.loadtest;

import io.parley.rtm.RtmAttribute;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmClient;
import io.parley.rtm.SendMessageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code mixed}: a realistic blend for soak runs. N clients (each subscribed to a few others'
 * presence, each in one of N/20 channels); every client does one operation a second on average:
 * 50 % peer messages, 30 % channel chat, 10 % attribute updates, 10 % presence queries. Peer
 * messages acked must equal peer messages received (checked at the end).
 */
final class MixedScenario implements Scenario {
    private final List<RtmClient> clients = new ArrayList<>();
    private final List<RtmChannel> channels = new ArrayList<>();
    private final AtomicLong peerAcked = new AtomicLong();
    private final AtomicLong peerReceived = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private ScheduledExecutorService ticker;
    private Stats stats;
    private int n;

    @Override
    public void setUp(Target target, Options o, Stats s) throws Exception {
        this.stats = s;
        this.n = Math.max(2, o.clients());
        for (int i = 0; i < n; i++) {
            RtmClient c = Setup.login(target, "mix-" + i, Listeners.onPeerMessage((m, from) -> peerReceived.incrementAndGet()));
            clients.add(c);
            RtmChannel ch = c.createChannel("mix-room-" + (i % Math.max(1, n / 20)), Listeners.onChannelMessage(m -> s.received.increment()));
            Setup.join(ch);
            channels.add(ch);
            if (i > 0) {
                c.subscribePeersOnlineStatus(Set.of("mix-" + (i - 1)), Listeners.then(err -> {
                    if (err != null) {
                        s.error(err);
                    }
                }));
            }
        }
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mixed-ticker");
            t.setDaemon(true);
            return t;
        });
        long periodMicros = Math.max(1, 1_000_000L / n); // n ops per second in all
        ticker.scheduleAtFixedRate(this::one, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    private void one() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int i = rnd.nextInt(n);
        RtmClient c = clients.get(i);
        int roll = rnd.nextInt(100);
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        stats.sent.increment();
        java.util.function.Consumer<String> done = err -> {
            inFlight.decrementAndGet();
            if (err == null) {
                stats.ok(System.nanoTime() - start);
            } else {
                stats.error(err);
            }
        };
        if (roll < 50) {
            c.sendMessageToPeer("mix-" + rnd.nextInt(n), c.createMessage("hello"), new SendMessageOptions(),
                    Listeners.then(err -> {
                        if (err == null) {
                            peerAcked.incrementAndGet();
                        }
                        done.accept(err);
                    }));
        } else if (roll < 80) {
            channels.get(i).sendMessage(c.createMessage("chat"), new SendMessageOptions(), Listeners.then(done::accept));
        } else if (roll < 90) {
            c.addOrUpdateLocalUserAttributes(List.of(new RtmAttribute("mood", "m" + rnd.nextInt(10))),
                    Listeners.then(done::accept));
        } else {
            c.queryPeersOnlineStatus(Set.of("mix-" + rnd.nextInt(n)), Listeners.then(done::accept));
        }
    }

    @Override
    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    @Override
    public Map<String, Object> drain() {
        Waits.until(() -> inFlight.get() == 0 && peerReceived.get() >= peerAcked.get(), 15_000);
        return Map.of("clients", n, "peer_acked", peerAcked.get(), "peer_received", peerReceived.get(),
                "channel_deliveries", stats.received.sum(), "unfinished_after_drain", inFlight.get());
    }

    @Override
    public String unit() {
        return "ops";
    }
}
