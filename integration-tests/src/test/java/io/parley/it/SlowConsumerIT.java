package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.ChannelRecorder;
import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.JoinChannel;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.ServerFrame;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmClient;
import io.parley.server.ParleyServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A member that stops reading while a flood goes to its channel is disconnected once its outbound
 * buffer passes the limit (reason slow_consumer, counted in /metrics); the other members get
 * every message. The same over TCP and over the WebSocket endpoint.
 */
class SlowConsumerIT {
    private static final String APP = "slow-app";

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void clientThatStopsReading_isDisconnected_andOthersGetEverything(String transport) throws Exception {
        try (ParleyServer server = Servers.start(Servers.config().app(APP).messagesPer3s(0)
                .slowConsumerBytes(256 * 1024).build());
             Socket sleepy = new Socket()) {
            sleepy.setReceiveBufferSize(4096);
            sleepy.connect(new InetSocketAddress("127.0.0.1", transport.equals("ws") ? server.httpPort() : server.port()));
            sleepy.setSoTimeout(5000);
            SleepyWire wire = transport.equals("ws") ? new WebSocketWire(sleepy) : new TcpWire(sleepy);
            wire.send(ClientFrame.newBuilder().setRequestId(1).setLogin(Login.newBuilder().setAppId(APP)
                    .setUserId("sleepy")).build());
            assertThat(wire.read().getStatus().getCode()).isEqualTo(ErrorCode.OK);
            wire.send(ClientFrame.newBuilder().setRequestId(2).setJoinChannel(JoinChannel.newBuilder()
                    .setChannelId("flood")).build());
            ServerFrame joined;
            do {
                joined = wire.read(); // skip pushes until the join reply
            } while (joined.getRequestId() != 2);
            assertThat(joined.getStatus().getCode()).isEqualTo(ErrorCode.OK);
            // from here on "sleepy" never reads again

            ChannelRecorder watcher = new ChannelRecorder();
            RtmClient watcherClient = login(server, "watcher");
            RtmClient publisher = login(server, "publisher");
            try {
                join(watcherClient, watcher);
                RtmChannel pub = join(publisher, null);
                String big = "x".repeat(16 * 1024);
                AtomicInteger sent = new AtomicInteger();
                AtomicBoolean stop = new AtomicBoolean();
                Thread flood = new Thread(() -> {
                    while (!stop.get() && sent.get() < 2000) {
                        // the watcher reads: keep its backlog under the limit, so only the sleeper overflows
                        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(30))
                                .until(() -> watcher.messages.size() >= sent.get() - 8);
                        Result<Void> r = new Result<>();
                        pub.sendMessage(publisher.createMessage(sent.get() + ":" + big), r);
                        if (r.await() == 0) {
                            sent.incrementAndGet();
                        }
                    }
                });
                flood.start();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !server.sessions().get(APP, "sleepy").isAttached());
                stop.set(true);
                flood.join(30_000);
                int total = sent.get();
                assertThat(total).isGreaterThan(16); // more than the limit's worth went out
                await().atMost(Duration.ofSeconds(30)).until(() -> watcher.messages.size() == total);

                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).containsPattern("(?m)^parley_slow_consumer_disconnects_total(\\{[^}]*\\})? 1\\.0$");
                assertThat(metrics).contains("reason=\"slow_consumer\"");
            } finally {
                watcherClient.release();
                publisher.release();
            }
        }
    }

    /** How the sleepy client writes and reads frames: length-prefixed on TCP, one message each on WebSocket. */
    private interface SleepyWire {
        void send(ClientFrame f) throws IOException;

        ServerFrame read() throws IOException;
    }

    private record TcpWire(Socket s) implements SleepyWire {
        @Override
        public void send(ClientFrame f) throws IOException {
            f.writeDelimitedTo(s.getOutputStream());
        }

        @Override
        public ServerFrame read() throws IOException {
            return ServerFrame.parseDelimitedFrom(s.getInputStream());
        }
    }

    /** A hand-made WebSocket client: the upgrade request, then masked binary frames out, unmasked in. */
    private static final class WebSocketWire implements SleepyWire {
        private final Socket s;
        private final DataInputStream in;

        WebSocketWire(Socket s) throws IOException {
            this.s = s;
            this.in = new DataInputStream(s.getInputStream());
            s.getOutputStream().write(("GET /rtm HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
        }

        @Override
        public void send(ClientFrame f) throws IOException {
            byte[] payload = f.toByteArray();
            byte[] mask = {1, 2, 3, 4};
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x82);
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xFF);
            out.write(mask);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ mask[i & 3]);
            }
            s.getOutputStream().write(out.toByteArray());
        }

        @Override
        public ServerFrame read() throws IOException {
            int b0 = in.readUnsignedByte();
            int len = in.readUnsignedByte() & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = (int) in.readLong();
            }
            byte[] payload = new byte[len];
            in.readFully(payload);
            assertThat(b0).as("a final binary message").isEqualTo(0x82);
            return ServerFrame.parseFrom(payload);
        }
    }

    private static RtmClient login(ParleyServer server, String user) {
        RtmClient c = Servers.client(APP, new MessageRecorder(), Servers.clientConfig("127.0.0.1:" + server.port()).build());
        Result<Void> r = new Result<>();
        c.login(null, user, r);
        assertThat(r.await()).isZero();
        return c;
    }

    private static RtmChannel join(RtmClient c, ChannelRecorder rec) {
        RtmChannel ch = c.createChannel("flood", rec);
        Result<Void> r = new Result<>();
        ch.join(r);
        assertThat(r.await()).isZero();
        return ch;
    }
}
