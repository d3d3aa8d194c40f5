package io.parley.server.time;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjLongConsumer;

/**
 * Items waiting for a time, handed out once it has come: what a periodic sweep takes instead of
 * walking every session or channel, so its cost follows what is due, not what exists.
 *
 * <p>Any thread may {@link #add}; adds land in a lock-free inbox. {@link #pollDue} (the sweep, one
 * caller at a time) moves the inbox into a heap ordered by deadline and hands out the items whose
 * deadline has passed, oldest first. An item added while a poll runs waits for the next poll, even
 * if it is already due, so an action that re-adds its item cannot loop.
 *
 * <p>Deadlines are read from one clock per queue ({@code System.nanoTime()}-like or epoch millis)
 * and compared by difference, so a wrapping nano clock orders correctly. The queue never removes
 * an item early: an owner that no longer wants a call ignores it (compare the deadline passed back
 * with the one it last asked for, or check the item's state).
 */
public final class DeadlineQueue<T> {
    private record Entry<T>(long deadline, T item) {
    }

    private final ConcurrentLinkedQueue<Entry<T>> inbox = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Entry<T>> heap = new PriorityQueue<>((a, b) -> Long.signum(a.deadline - b.deadline));
    private final AtomicInteger size = new AtomicInteger();

    /** Asks for {@code item} to be handed out at the first poll at or after {@code deadline}. */
    public void add(T item, long deadline) {
        inbox.add(new Entry<>(deadline, item));
        size.incrementAndGet();
    }

    /**
     * Hands every item whose deadline is at or before {@code now} to {@code due}, with the deadline
     * it was added for; returns how many.
     */
    public synchronized int pollDue(long now, ObjLongConsumer<T> due) {
        for (Entry<T> e; (e = inbox.poll()) != null; ) {
            heap.add(e);
        }
        int n = 0;
        for (Entry<T> e; (e = heap.peek()) != null && now - e.deadline >= 0; ) {
            heap.poll();
            size.decrementAndGet();
            n++;
            due.accept(e.item, e.deadline);
        }
        return n;
    }

    /** Items waiting, including those added since the last poll. */
    public int size() {
        return size.get();
    }
}
