package io.parley.loadtest;

import io.parley.loadtest.transport.RelayConnection;

/**
 * {@code p2p --client relay}: the p2p workload of {@link RawP2pScenario} (pairs, window or
 * {@code --msg-rate}, same sender and latency accounting in {@link P2pSender}) against the shared
 * bench's baseline relay, the floor Parley is measured against. The recipient's client acks on
 * arrival; completion is the ack relayed back to the sender.
 */
final class RelayP2pScenario extends LeanP2pScenario {
    @Override
    public void setUp(Target target, Options o, Stats s) throws Exception {
        this.stats = s;
        this.options = o;
        byte[] payload = "x".repeat(Math.max(1, o.size())).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < o.pairs(); i++) {
            int recipientId = 2 * i + 1;
            target.relayLogin(recipientId, new RelayConnection.Listener() {
            });
            Sender sender = new Sender(recipientId, payload);
            sender.connection = target.relayLogin(recipientId + 1, sender);
            senders.add(sender);
        }
    }

    /** One sender on its connection's event loop. */
    private final class Sender extends P2pSender implements RelayConnection.Listener {
        private final int to;
        private final byte[] payload;
        private RelayConnection connection;

        Sender(int to, byte[] payload) {
            super(stats, running, inFlight, options.window(), perSenderRate());
            this.to = to;
            this.payload = payload;
        }

        @Override
        void transmit(int id) {
            connection.send(to, id, payload);
        }

        @Override
        void write(int id) {
            connection.write(to, id, payload);
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
        public void acked(RelayConnection c, long messageId) {
            answered(messageId, null);
        }

        @Override
        public void refused(RelayConnection c, long messageId) {
            answered(messageId, "relay: recipient not registered");
        }

        @Override
        public void closed(RelayConnection c) {
            if (running.get()) {
                stats.error("relay connection closed");
            }
        }
    }
}
