package io.parley.loadtest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The raw client against a listener that refuses connections by closing them (a per-address cap does). */
class RawConnectionTest {

    @Test
    void aLoginSentAfterTheServerClosedTheConnection_failsInsteadOfWaitingForever() throws Exception {
        try (ServerSocket refusing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                RawIo io = new RawIo(1)) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = refusing.accept()) {
                    s.shutdownOutput(); // FIN: the client sees the end of the stream and closes
                } catch (Exception ignored) {
                    // the test ends the server socket
                }
            });
            acceptor.start();
            CountDownLatch closed = new CountDownLatch(1);
            RawConnection c = io.connect("127.0.0.1:" + refusing.getLocalPort(), new RawListener() {
                @Override
                public void closed(RawConnection conn, String reason) {
                    closed.countDown();
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(closed.await(10, TimeUnit.SECONDS)).as("the listener saw the close").isTrue();

            assertThatThrownBy(() -> c.login("app", "u1", null).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("connection closed");
            acceptor.join();
        }
    }
}
