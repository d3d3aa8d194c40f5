package io.parley.loadtest;

import io.parley.loadtest.transport.RawConnection;
import io.parley.loadtest.transport.RawListener;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.SendPeerMessage;

/**
 * {@code p2p} / {@code p2p-sync} with {@code --client raw}: the same workload as {@link P2pScenario}
 * (P pairs, W in flight per sender, completion = the sender's reply, which the server sends only
 * after the recipient's DeliveryAck) over {@link RawConnection}s, so the generator costs less
 * than the server.
 */
final class RawP2pScenario extends LeanP2pScenario {
    private static final int SEND_PEER_MESSAGE = 20;


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

    /** One sender on its connection's event loop. */
    private final class Sender extends P2pSender implements RawListener {
        private final byte[] body;
        private RawConnection connection;

        Sender(byte[] body) {
            super(stats, running, inFlight, options.window(), perSenderRate());
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
        void onLoop(Runnable task) {
            connection.execute(task);
        }

        @Override
        void every(long periodMicros, Runnable task) {
            connection.every(periodMicros, task);
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
}
