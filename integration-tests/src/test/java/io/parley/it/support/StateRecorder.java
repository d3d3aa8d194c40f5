package io.parley.it.support;

import static org.awaitility.Awaitility.await;

import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every client callback, with the thread it ran on, for assertions. */
public class StateRecorder implements RtmClientListener {
    /** One onConnectionStateChanged call. */
    public record Change(int state, int reason) {
    }

    public final List<Change> changes = new CopyOnWriteArrayList<>();
    public final List<String> callbackThreads = new CopyOnWriteArrayList<>();
    public final AtomicInteger tokenExpired = new AtomicInteger();
    public final AtomicInteger tokenWillExpire = new AtomicInteger();

    @Override
    public void onConnectionStateChanged(int state, int reason) {
        callbackThreads.add(Thread.currentThread().getName());
        changes.add(new Change(state, reason));
    }

    @Override
    public void onMessageReceived(RtmMessage message, String peerId) {
    }

    @Override
    public void onTokenExpired() {
        tokenExpired.incrementAndGet();
    }

    @Override
    public void onTokenPrivilegeWillExpire() {
        tokenWillExpire.incrementAndGet();
    }

    @Override
    public void onPeersOnlineStatusChanged(Map<String, Integer> peersStatus) {
    }

    public Change last() {
        return changes.isEmpty() ? null : changes.get(changes.size() - 1);
    }

    /** Waits until the latest change is {@code (state, reason)}. */
    public void awaitLast(int state, int reason, Duration timeout) {
        Change want = new Change(state, reason);
        await().atMost(timeout).until(() -> want.equals(last()));
    }

    /** Waits until {@code (state, reason)} appears anywhere after index {@code from}. */
    public void awaitSeen(int from, int state, int reason, Duration timeout) {
        Change want = new Change(state, reason);
        await().atMost(timeout).until(() -> new ArrayList<>(changes).subList(Math.min(from, changes.size()),
                changes.size()).contains(want));
    }
}
