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
 * 50 % peer messages (a quarter of them with offline messaging), 30 % channel chat, 10 % attribute
 * updates, 10 % presence queries.
 *
 * <p>Every peer message carries its own id and is accounted for: acked (the recipient's SDK
 * confirmed it), cached (CACHED_BY_SERVER: to be delivered at the recipient's next login) or failed
 * (by code); and how many times each id reached a recipient's listener. The report names acked or
 * cached messages never received, acked ones received more than once, and messages received
 * without an ack (counted, allowed: in flight at a fault).
 */
final class MixedScenario implements Scenario {
    private final List<RtmClient> clients = new ArrayList<>();
    private final List<RtmChannel> channels = new ArrayList<>();
    private static final String CACHED = "PEER_MESSAGE_ERR_CACHED_BY_SERVER";
    private final AtomicLong nextPeerId = new AtomicLong();
    /** Peer message id → outcome for the sender: "OK", CACHED or the error name. */
    private final Map<Long, String> peerOutcome = new java.util.concurrent.ConcurrentHashMap<>();
    /** Peer message id → times a recipient's listener got it. */
    private final Map<Long, java.util.concurrent.atomic.AtomicInteger> peerSeen =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Who sent a peer message to whom, when, and when its outcome came (to follow a lost one in the server logs). */
    private record Trail(int from, int to, long sentMillis, long answeredMillis) {
    }

    /** Peer message id → its trail. */
    private final Map<Long, Trail> peerTrail = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per client: its connection state changes, with the time (to follow a lost message's recipient). */
    private final List<List<String>> stateChanges = new ArrayList<>();
    private final AtomicLong inFlight = new AtomicLong();
    private ScheduledExecutorService ticker;
    private Stats stats;
    private int n;

    @Override
    public void setUp(Target target, Options o, Stats s) throws Exception {
        this.stats = s;
        this.n = Math.max(2, o.clients());
        for (int i = 0; i < n; i++) {
            List<String> states = java.util.Collections.synchronizedList(new ArrayList<>());
            stateChanges.add(states);
            RtmClient c = Setup.login(target, "mix-" + i, Listeners.onPeerMessage((m, from) -> received(m.getText()),
                    (state, reason) -> states.add(time(System.currentTimeMillis()) + " state " + state + " reason " + reason)));
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
            long id = nextPeerId.incrementAndGet();
            SendMessageOptions options = new SendMessageOptions();
            options.enableOfflineMessaging = rnd.nextInt(4) == 0;
            int to = rnd.nextInt(n);
            long sentMillis = System.currentTimeMillis();
            c.sendMessageToPeer("mix-" + to, c.createMessage("p:" + id), options,
                    Listeners.then(err -> {
                        peerTrail.put(id, new Trail(i, to, sentMillis, System.currentTimeMillis()));
                        peerOutcome.put(id, err == null ? "OK" : err);
                        done.accept(CACHED.equals(err) ? null : err); // the message is kept: not an error
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

    private void received(String text) {
        if (text != null && text.startsWith("p:")) {
            peerSeen.computeIfAbsent(Long.parseLong(text.substring(2)), k -> new java.util.concurrent.atomic.AtomicInteger())
                    .incrementAndGet();
        }
    }

    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(java.time.ZoneId.systemDefault());

    private static String time(long millis) {
        return TIME.format(java.time.Instant.ofEpochMilli(millis));
    }

    /** Up to 20 acked or cached messages never received: outcome, sender, recipient, times, the recipient's states. */
    private List<String> lost() {
        return peerOutcome.entrySet().stream()
                .filter(e -> (e.getValue().equals("OK") || e.getValue().equals(CACHED)) && !peerSeen.containsKey(e.getKey()))
                .limit(20).map(e -> {
                    Trail t = peerTrail.get(e.getKey()); // put before the outcome: present
                    return "p:" + e.getKey() + " " + e.getValue() + " mix-" + t.from() + " to mix-" + t.to() + ", sent "
                            + time(t.sentMillis()) + ", answered " + time(t.answeredMillis()) + "; recipient's states "
                            + stateChanges.get(t.to());
                }).toList();
    }

    private long count(String outcome, boolean seen) {
        return peerOutcome.entrySet().stream().filter(e -> e.getValue().equals(outcome)
                && (peerSeen.containsKey(e.getKey()) == seen)).count();
    }

    @Override
    public Map<String, Object> drain() {
        // acked and cached messages must all arrive (cached ones when their recipients log in again)
        Waits.until(() -> inFlight.get() == 0 && count("OK", false) == 0 && count(CACHED, false) == 0, 30_000);
        long ackedTwice = peerOutcome.entrySet().stream().filter(e -> e.getValue().equals("OK")
                && peerSeen.getOrDefault(e.getKey(), new java.util.concurrent.atomic.AtomicInteger()).get() > 1).count();
        long seenWithoutAck = peerSeen.keySet().stream().filter(id -> !"OK".equals(peerOutcome.get(id))
                && !CACHED.equals(peerOutcome.get(id))).count();
        long duplicatesShown = peerSeen.values().stream().filter(c -> c.get() > 1).count();
        Map<String, Long> failedByCode = new java.util.TreeMap<>();
        peerOutcome.values().stream().filter(o -> !o.equals("OK") && !o.equals(CACHED))
                .forEach(o -> failedByCode.merge(o, 1L, Long::sum));
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("clients", n);
        out.put("peer_sent", peerOutcome.size());
        out.put("peer_acked", count("OK", true) + count("OK", false));
        out.put("peer_acked_not_received", count("OK", false));
        out.put("peer_acked_received_twice", ackedTwice);
        out.put("peer_cached", count(CACHED, true) + count(CACHED, false));
        out.put("peer_cached_not_received", count(CACHED, false));
        out.put("peer_failed_by_code", failedByCode);
        out.put("peer_received_without_ack", seenWithoutAck);
        out.put("peer_duplicates_shown", duplicatesShown);
        out.put("channel_deliveries", stats.received.sum());
        out.put("unfinished_after_drain", inFlight.get());
        List<String> lost = lost();
        if (!lost.isEmpty()) {
            out.put("peer_lost_detail", lost);
        }
        return out;
    }

    @Override
    public String unit() {
        return "ops";
    }
}
