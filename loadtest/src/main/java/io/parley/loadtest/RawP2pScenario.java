package io.parley.loadtest;

import io.parley.loadtest.transport.RawConnection;
import io.parley.loadtest.transport.RawListener;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.SendPeerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code p2p} / {@code p2p-sync} with {@code --client raw}: the same workload as {@link P2pScenario}
 * (P pairs, W in flight per sender, completion = the sender's reply, which the server sends only
 * after the recipient's DeliveryAck) over {@link RawConnection}s, so the generator costs less
 * than the server.
 */
final class RawP2pScenario implements Scenario {
    private static final int SEND_PEER_MESSAGE = 20;

    private final List<Sender> senders = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong inFlight = new AtomicLong();
    private Stats stats;
    private Options options;

    @Override
    public void setUp(Target target, Options o, Stats s) throws Exception {
        this.stats = s;
        this.options = o;
        String payload = "x".repeat(Math.max(1, o.size()));
        RawListener recipient = new RawListener() {
            @Override
            public void peerMessage(RawConnection c, long messageId) {
                s.received.increment();
            }
        };
        for (int i = 0; i < o.pairs(); i++) {
            target.rawLogin("p2p-r" + i, recipient);
            byte[] body = SendPeerMessage.newBuilder().setPeerId("p2p-r" + i).setBody(MessageBody.newBuilder()
                    .setType(MessageType.MESSAGE_TYPE_TEXT).setText(payload)).build().toByteArray();
            Sender sender = new Sender(body);
            sender.connection = target.rawLogin("p2p-s" + i, sender);
            senders.add(sender);
        }
    }

    @Override
    public void start() {
        running.set(true);
        long start = System.nanoTime();
        for (int i = 0; i < senders.size(); i++) {
            Sender s = senders.get(i);
            long first = start + i * P2pSender.PACE_TICK_MICROS * 1_000 / senders.size(); // spread over a tick
            s.connection.execute(() -> {
                s.begin(first);
                if (s.paced()) {
                    s.connection.every(P2pSender.PACE_TICK_MICROS, s::tick);
                }
            });
        }
    }

    /** One sender on its connection's event loop. */
    private final class Sender extends P2pSender implements RawListener {
        private final byte[] body;
        private RawConnection connection;

        Sender(byte[] body) {
            super(stats, running, inFlight, options.window(), options.msgRate() / (double) options.pairs());
            this.body = body;
        }

        @Override
        void transmit(int id) {
            connection.send(id, SEND_PEER_MESSAGE, body);
        }

        @Override
        void write(int id) {
            connection.write(id, SEND_PEER_MESSAGE, body);
        }

        @Override
        void flush() {
            connection.flush();
        }

        @Override
        public void reply(RawConnection c, int requestId, int code) {
            ErrorCode e = code == 0 ? null : ErrorCode.forNumber(code);
            answered(requestId, code == 0 ? null : "wire:" + (e == null ? String.valueOf(code) : e.name()));
        }

        @Override
        public void closed(RawConnection c, String reason) {
            if (running.get()) {
                stats.error("closed: " + reason);
            }
        }
    }

    @Override
    public void stop() {
        running.set(false);
    }

    @Override
    public Map<String, Object> drain() {
        Waits.until(() -> inFlight.get() == 0, 15_000);
        return Map.of("pairs", options.pairs(), "window", options.window(), "size", options.size(),
                "client", options.client(), "offered_msgs_per_s", options.msgRate() > 0 ? options.msgRate() : "max",
                "unacked_after_drain", inFlight.get());
    }

    @Override
    public String unit() {
        return "msgs";
    }
}
