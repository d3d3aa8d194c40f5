package io.parley.server.cluster;

import io.parley.protocol.cluster.NodeMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Node messages published while their node, still heartbeating, had no subscription. After a
 * Redis restart (or a lost pub/sub connection) every node subscribes again, and a node that got
 * back sooner can publish to one that has not yet: no subscriber, although the node is alive and
 * its users are logged in. Such messages are held here, in order, and published again with
 * backoff until the node takes them; the sender hears "not taken" only once the node stopped
 * heartbeating or {@code patienceMillis} passed since the first one was held. While a node has
 * messages held, later ones to it queue behind them, so it still gets them in order.
 */
final class HeldNodeMessages {
    static final long FIRST_RETRY_MILLIS = 20;
    static final long MAX_RETRY_MILLIS = 500;

    /** Publishes to a node's topic; {@code sent} hears true if a subscriber took it. */
    interface Publisher {
        void publish(String nodeId, NodeMessage message, PublishCoalescer.Sent sent);
    }

    /** Runs a task after a delay, off the caller's thread. */
    interface Timer {
        void after(long millis, Runnable task);
    }

    /** One message to a node; as its publish's {@link PublishCoalescer.Sent} it needs no future of its own there. */
    private final class Item implements PublishCoalescer.Sent {
        final String nodeId;
        final NodeMessage message;
        final CompletableFuture<Boolean> done = new CompletableFuture<>();

        Item(String nodeId, NodeMessage message) {
            this.nodeId = nodeId;
            this.message = message;
        }

        @Override
        public void sent(boolean taken, Throwable err) {
            if (err != null) {
                done.completeExceptionally(err);
            } else if (taken || !alive.test(nodeId)) {
                done.complete(taken);
            } else {
                hold(nodeId, this);
            }
        }
    }

    private static final class Held {
        final ArrayDeque<Item> items = new ArrayDeque<>();
        final long sinceMillis;
        long retryMillis = FIRST_RETRY_MILLIS;
        boolean retrying;

        Held(long sinceMillis) {
            this.sinceMillis = sinceMillis;
        }
    }

    private final Publisher publisher;
    private final Predicate<String> alive;
    private final Timer timer;
    private final LongSupplier clock;
    private final long patienceMillis;
    /** Nodes with messages held; read without the lock on every send, changed under it. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private boolean closed; // guarded by this

    HeldNodeMessages(Publisher publisher, Predicate<String> alive, Timer timer, LongSupplier clock, long patienceMillis) {
        this.publisher = publisher;
        this.alive = alive;
        this.timer = timer;
        this.clock = clock;
        this.patienceMillis = patienceMillis;
    }

    /** Completes true once the node took the message, false if it is gone (or never subscribed again in time). */
    CompletableFuture<Boolean> send(String nodeId, NodeMessage message) {
        Item item = new Item(nodeId, message);
        if (held.get(nodeId) != null) { // rare: the lock is taken only while the node has messages held
            synchronized (this) {
                Held h = held.get(nodeId);
                if (h != null) {
                    h.items.addLast(item); // behind the held ones
                    return item.done;
                }
            }
        }
        publisher.publish(nodeId, message, item);
        return item.done;
    }

    /** Messages waiting for their node now (for tests and diagnostics). */
    synchronized int heldCount() {
        return held.values().stream().mapToInt(h -> h.items.size()).sum();
    }

    /** The backplane stops: what is held is not taken. */
    void close() {
        List<Item> dropped = new ArrayList<>();
        synchronized (this) {
            closed = true;
            held.values().forEach(h -> dropped.addAll(h.items));
            held.clear();
        }
        dropped.forEach(i -> i.done.complete(false));
    }

    private void hold(String nodeId, Item item) {
        long firstRetry;
        synchronized (this) {
            if (!closed) {
                Held h = held.get(nodeId);
                if (h != null) {
                    h.items.addLast(item);
                    return;
                }
                h = new Held(clock.getAsLong());
                h.items.addLast(item);
                held.put(nodeId, h);
                firstRetry = h.retryMillis;
            } else {
                firstRetry = -1;
            }
        }
        if (firstRetry < 0) {
            item.done.complete(false); // the backplane stopped
            return;
        }
        timer.after(firstRetry, () -> retry(nodeId));
    }

    /** Publishes what is held for the node again, in order; what it still does not take waits for the next retry. */
    private void retry(String nodeId) {
        List<Item> batch;
        boolean giveUp;
        synchronized (this) {
            Held h = held.get(nodeId);
            if (h == null || h.retrying || closed) {
                return;
            }
            giveUp = !alive.test(nodeId) || clock.getAsLong() - h.sinceMillis >= patienceMillis;
            batch = new ArrayList<>(h.items);
            h.items.clear();
            if (giveUp) {
                held.remove(nodeId);
            } else {
                h.retrying = true;
            }
        }
        if (giveUp) {
            batch.forEach(i -> i.done.complete(false)); // gone, or never subscribed again in time
            return;
        }
        List<CompletableFuture<Boolean>> results = new ArrayList<>(batch.size());
        for (Item i : batch) {
            CompletableFuture<Boolean> taken = new CompletableFuture<>();
            publisher.publish(nodeId, i.message, (ok, err) -> taken.complete(err == null && ok));
            results.add(taken);
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((x, err) -> {
            List<Item> notTaken = new ArrayList<>();
            for (int k = 0; k < batch.size(); k++) {
                if (results.get(k).join()) {
                    batch.get(k).done.complete(true);
                } else {
                    notTaken.add(batch.get(k));
                }
            }
            long next;
            synchronized (this) {
                Held h = held.get(nodeId);
                if (h == null) { // closed meanwhile
                    notTaken.forEach(i -> i.done.complete(false));
                    return;
                }
                h.retrying = false;
                for (int k = notTaken.size() - 1; k >= 0; k--) {
                    h.items.addFirst(notTaken.get(k)); // ahead of what queued meanwhile
                }
                if (h.items.isEmpty()) {
                    held.remove(nodeId);
                    return;
                }
                if (notTaken.isEmpty()) {
                    next = 0; // the node is back: what queued behind the batch goes now
                } else {
                    next = h.retryMillis;
                    h.retryMillis = Math.min(h.retryMillis * 2, MAX_RETRY_MILLIS);
                }
            }
            timer.after(next, () -> retry(nodeId));
        });
    }
}
