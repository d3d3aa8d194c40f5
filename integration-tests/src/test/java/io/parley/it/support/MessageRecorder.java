package io.parley.it.support;

import io.parley.rtm.RtmMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A client listener that records peer messages and can hold its callback thread (to delay acks). */
public final class MessageRecorder extends StateRecorderBase {
    /** One received peer message. */
    public record Received(String from, RtmMessage message) {
    }

    public final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate;

    /** Blocks the callback thread inside onMessageReceived until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    @Override
    public void onMessageReceived(RtmMessage message, String peerId) {
        received.add(new Received(peerId, message));
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public List<String> texts() {
        return received.stream().map(r -> r.message().getText()).toList();
    }

    @Override
    public void onPeersOnlineStatusChanged(Map<String, Integer> peersStatus) {
    }
}
