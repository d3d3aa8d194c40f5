package io.parley.server.cluster;

import io.parley.protocol.cluster.NodeBatch;
import io.parley.protocol.cluster.NodeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node messages for one topic, gathered while the current event-loop task runs and published
 * together: the first message queued for a topic schedules one flush on {@code later} (the
 * transport runs it after the task that queued it, in the same loop iteration); the flush takes
 * whatever is queued by then and publishes it as one {@link NodeBatch} (a single message goes as
 * itself). Each caller hears the publish's outcome, true if some node received it: through a
 * future, or (the per-message path of peer messages) through a {@link Sent} it passes, which costs
 * no future per message. A flush publishes at most {@link #MAX_BATCH_MESSAGES} messages or
 * {@link #MAX_BATCH_BYTES} at a time, in order.
 */
final class PublishCoalescer {
    private static final Logger log = LoggerFactory.getLogger(PublishCoalescer.class);
    static final int MAX_BATCH_MESSAGES = 512;
    static final int MAX_BATCH_BYTES = 512 * 1024;

    /** Hears how the publish of one message went; called once, on the thread that completed the publish. */
    interface Sent {
        /** {@code taken}: some node received it; {@code err}: the publish failed (then {@code taken} is false). */
        void sent(boolean taken, Throwable err);
    }

    private record Item(NodeMessage message, Sent sent) {
    }

    private static final class Topic {
        final Queue<Item> queued = new ConcurrentLinkedQueue<>();
        final AtomicBoolean flushScheduled = new AtomicBoolean();
    }

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Executor later;
    private final BiFunction<String, byte[], CompletableFuture<Long>> publish;

    /**
     * @param later   runs a flush after the current event-loop task (or at once off the loops)
     * @param publish publishes bytes on a topic, completing with the number of receivers
     */
    PublishCoalescer(Executor later, BiFunction<String, byte[], CompletableFuture<Long>> publish) {
        this.later = later;
        this.publish = publish;
    }

    CompletableFuture<Boolean> send(String topic, NodeMessage message) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        send(topic, message, (taken, err) -> {
            if (err != null) {
                done.completeExceptionally(err);
            } else {
                done.complete(taken);
            }
        });
        return done;
    }

    void send(String topic, NodeMessage message, Sent sent) {
        Topic t = topics.computeIfAbsent(topic, k -> new Topic());
        t.queued.add(new Item(message, sent));
        if (t.flushScheduled.compareAndSet(false, true)) {
            later.execute(() -> flush(topic, t));
        }
    }

    /** Nothing more goes to {@code topic} (its node is gone): its entry goes; a flush already scheduled still runs. */
    void forget(String topic) {
        topics.remove(topic);
    }

    private void flush(String topic, Topic t) {
        t.flushScheduled.set(false); // a message queued from here on schedules the next flush
        List<Item> batch = new ArrayList<>();
        int bytes = 0;
        for (Item i; (i = t.queued.poll()) != null; ) {
            int size = i.message.getSerializedSize();
            if (!batch.isEmpty() && (batch.size() >= MAX_BATCH_MESSAGES || bytes + size > MAX_BATCH_BYTES)) {
                publish(topic, batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(i);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            publish(topic, batch);
        }
    }

    private void publish(String topic, List<Item> items) {
        byte[] payload;
        if (items.size() == 1) {
            payload = items.get(0).message.toByteArray();
        } else {
            NodeBatch.Builder b = NodeBatch.newBuilder();
            items.forEach(i -> b.addMessages(i.message));
            payload = NodeMessage.newBuilder().setFromNode(items.get(0).message.getFromNode()).setBatch(b).build()
                    .toByteArray();
        }
        CompletableFuture<Long> sent;
        try {
            sent = publish.apply(topic, payload);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((receivers, err) -> {
            boolean taken = err == null && receivers != null && receivers > 0;
            for (Item i : items) {
                try {
                    i.sent.sent(taken, err);
                } catch (RuntimeException e) { // one caller's bug must not keep the others from hearing
                    log.error("a node message's publish callback failed", e);
                }
            }
        });
    }

    /** Publishes from one {@link NodeMessage}: the messages it carries (a batch's, or itself). */
    static List<NodeMessage> unpack(NodeMessage m) {
        return m.getBodyCase() == NodeMessage.BodyCase.BATCH ? m.getBatch().getMessagesList() : List.of(m);
    }
}
