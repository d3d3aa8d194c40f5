package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.TextRecorder;
import io.parley.protocol.FrameLimits;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.LoginReply;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.PeerMessagePush;
import io.parley.protocol.v1.Pong;
import io.parley.protocol.v1.ServerFrame;
import io.parley.protocol.v1.Status;
import io.parley.rtm.RtmClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The SDK against a server that breaks the rules (an older Parley, or a bug): a push over the frame
 * limit, or one whose body breaks the RTM message rules, is skipped and not acknowledged; the
 * connection stays up and the pushes after it are delivered.
 */
class SdkOversizePushIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static ServerFrame push(long id, MessageBody body) {
        return ServerFrame.newBuilder().setPeerMessage(PeerMessagePush.newBuilder().setMessageId(id)
                .setFromUserId("server").setBody(body).setServerReceivedTs(1)).build();
    }

    @Test
    void oversizeAndInvalidPushes_areSkippedUnacked_laterPushesArrive_noReconnect() throws Exception {
        List<Long> acked = new CopyOnWriteArrayList<>();
        AtomicInteger logins = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread fake = new Thread(() -> serve(listener, acked, logins), "fake-server");
            fake.setDaemon(true);
            fake.start();
            TextRecorder events = new TextRecorder();
            RtmClient client = Servers.client("app", events,
                    Servers.clientConfig("127.0.0.1:" + listener.getLocalPort()).build());
            try {
                Result<Void> r = new Result<>();
                client.login(null, "bob", r);
                assertThat(r.await()).isZero();

                await().atMost(WAIT).until(() -> acked.contains(4L));
                assertThat(events.messages).containsExactly("server:before", "server:after");
                assertThat(acked).containsExactly(1L, 4L);
                assertThat(logins.get()).as("one login: the SDK never reconnected").isEqualTo(1);
                assertThat(events.changes).hasSize(2);
            } finally {
                client.release();
            }
        }
    }

    /** Answers the login, then writes: a good push, an oversize one, a TEXT push with a payload, a good push. */
    private static void serve(ServerSocket listener, List<Long> acked, AtomicInteger logins) {
        try (Socket s = listener.accept()) {
            OutputStream out = s.getOutputStream();
            while (true) {
                ClientFrame f = ClientFrame.parseDelimitedFrom(s.getInputStream());
                if (f == null) {
                    return;
                }
                switch (f.getBodyCase()) {
                    case LOGIN -> {
                        logins.incrementAndGet();
                        ServerFrame.newBuilder().setRequestId(f.getRequestId()).setStatus(Status.getDefaultInstance())
                                .setLoginReply(LoginReply.newBuilder().setSessionId("s1").setHeartbeatIntervalMs(2000))
                                .build().writeDelimitedTo(out);
                        push(1, MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("before").build())
                                .writeDelimitedTo(out);
                        push(2, MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_RAW).setText("too big")
                                .setRaw(ByteString.copyFrom(new byte[FrameLimits.MAX_FRAME_BYTES + 3000])).build())
                                .writeDelimitedTo(out);
                        push(3, MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("text+raw")
                                .setRaw(ByteString.copyFrom(new byte[40_000])).build()).writeDelimitedTo(out);
                        push(4, MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("after").build())
                                .writeDelimitedTo(out);
                        out.flush();
                    }
                    case PING -> {
                        ServerFrame.newBuilder().setRequestId(f.getRequestId()).setStatus(Status.getDefaultInstance())
                                .setPong(Pong.getDefaultInstance()).build().writeDelimitedTo(out);
                        out.flush();
                    }
                    case DELIVERY_ACK -> acked.addAll(f.getDeliveryAck().getMessageIdsList());
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            // the client released: the test is over
        }
    }
}
