package io.parley.it;

import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_INTERRUPTED;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_SUCCESS;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_CONNECTED;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.FakeTime;
import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.it.support.TcpProxy;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.RtmStatusCode.PeerMessageError;
import io.parley.rtm.SendMessageOptions;
import io.parley.server.ParleyServer;
import io.parley.server.session.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Messages survive the recipient's reconnect, a SIGKILL of the server, and obey the cache limits. */
class PeerMessageDurabilityIT {
    private static final String APP = "dur-app";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Result<Void> send(RtmClient from, String to, String text, boolean offline) {
        SendMessageOptions o = new SendMessageOptions();
        o.enableOfflineMessaging = offline;
        Result<Void> r = new Result<>();
        from.sendMessageToPeer(to, from.createMessage(text), o, r);
        return r;
    }

    private static void login(RtmClient c, String user) {
        Result<Void> r = new Result<>();
        c.login(null, user, r);
        assertThat(r.await()).isZero();
    }

    /** A listener that records both states and messages. */
    private static final class Recipient extends StateRecorder {
        final MessageRecorder messages = new MessageRecorder();

        @Override
        public void onMessageReceived(RtmMessage message, String peerId) {
            messages.onMessageReceived(message, peerId);
        }
    }

    @Test
    void recipientReconnectingWithinTheResumeWindow_getsHeldMessagesInOrder_andSendersSucceed() throws Exception {
        ParleyServer server = Servers.start(Servers.config().app(APP).build());
        TcpProxy proxy = new TcpProxy(server.port());
        Recipient bob = new Recipient();
        RtmClient bobClient = Servers.client(APP, bob, Servers.clientConfig(proxy.endpoint()).build());
        RtmClient alice = Servers.client(APP, new MessageRecorder(), Servers.clientConfig("127.0.0.1:" + server.port()).build());
        try {
            login(bobClient, "bob");
            login(alice, "alice");
            Session bobSession = server.sessions().get(APP, "bob");
            int mark = bob.changes.size();
            proxy.setRefusing(true);
            proxy.cutAll();
            bob.awaitSeen(mark, CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGE_REASON_INTERRUPTED, WAIT);
            await().atMost(WAIT).until(() -> !bobSession.isAttached());

            List<Result<Void>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(send(alice, "bob", "held-" + i, false));
            }
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> results.stream().noneMatch(Result::isDone));
            proxy.setRefusing(false);

            bob.awaitLast(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGE_REASON_LOGIN_SUCCESS, WAIT);
            for (Result<Void> r : results) {
                assertThat(r.await()).isZero();
            }
            assertThat(bob.messages.texts()).containsExactly("held-0", "held-1", "held-2", "held-3", "held-4");
            assertThat(server.sessions().get(APP, "bob")).isSameAs(bobSession);
        } finally {
            bobClient.release();
            alice.release();
            proxy.close();
            server.close();
        }
    }

    @Test
    void gracefulShutdown_storesOfflineAllowedMessagesTheRecipientHadNotAcknowledged() throws Exception {
        java.nio.file.Path data = Files.createTempDirectory("parley-shutdown");
        int port = Servers.freePort();
        ParleyServer first = Servers.start(Servers.config().app(APP).port(port).dataDir(data).build());
        MessageRecorder bobRec = new MessageRecorder();
        RtmClient alice = Servers.client(APP, new MessageRecorder(), Servers.clientConfig("127.0.0.1:" + port).build());
        RtmClient bob = Servers.client(APP, bobRec, Servers.clientConfig("127.0.0.1:" + port).build());
        MessageRecorder laterRec = new MessageRecorder();
        RtmClient bobLater = Servers.client(APP, laterRec, Servers.clientConfig("127.0.0.1:" + port).build());
        ParleyServer second = null;
        try {
            login(alice, "alice");
            login(bob, "bob");
            bobRec.hold(); // bob's app is busy with the message: its SDK has not acknowledged it
            send(alice, "bob", "in flight at shutdown", true);
            await().atMost(WAIT).until(() -> bobRec.texts().contains("in flight at shutdown"));

            first.close(); // graceful: the unacknowledged push goes to the offline store
            bob.release();
            bobRec.release();
            second = Servers.start(Servers.config().app(APP).port(port).dataDir(data).build());
            login(bobLater, "bob");
            await().atMost(WAIT).until(() -> laterRec.texts().contains("in flight at shutdown"));
            assertThat(laterRec.received).allMatch(r -> r.message().isOfflineMessage());
        } finally {
            alice.release();
            bobLater.release();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void cachedMessages_surviveASigkillOfTheServer() throws Exception {
        int port = Servers.freePort();
        int http = Servers.freePort();
        Path dir = Files.createTempDirectory("parley-kill");
        String[] args = {"--host", "127.0.0.1", "--port", "" + port, "--http-port", "" + http, "--data-dir",
                dir.resolve("data").toString(), "--app-id", APP};
        Process first = start(dir.resolve("first.log"), args);
        RtmClient alice = Servers.client(APP, new MessageRecorder(), Servers.clientConfig("127.0.0.1:" + port).build());
        Process second = null;
        MessageRecorder carolRec = new MessageRecorder();
        RtmClient carol = Servers.client(APP, carolRec, Servers.clientConfig("127.0.0.1:" + port).build());
        try {
            awaitReady(http);
            login(alice, "alice");
            for (int i = 0; i < 3; i++) {
                assertThat(send(alice, "carol", "kept-" + i, true).await())
                        .isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_CACHED_BY_SERVER);
            }

            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isEqualTo(137);
            second = start(dir.resolve("second.log"), args);
            awaitReady(http);

            login(carol, "carol");
            await().atMost(WAIT).until(() -> carolRec.received.size() == 3);
            assertThat(carolRec.texts()).containsExactly("kept-0", "kept-1", "kept-2");
            assertThat(carolRec.received).allMatch(r -> r.message().isOfflineMessage());
        } finally {
            alice.release();
            carol.release();
            first.destroyForcibly();
            if (second != null) {
                second.destroy();
                second.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void offlineCache_keepsTheNewest200_andForgetsMessagesOlderThan7Days() {
        FakeTime time = new FakeTime();
        ParleyServer server;
        try {
            server = new ParleyServer(Servers.config().app(APP).build(), time).start();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        RtmClient alice = Servers.client(APP, new MessageRecorder(), Servers.clientConfig("127.0.0.1:" + server.port())
                .build());
        MessageRecorder danRec = new MessageRecorder();
        RtmClient dan = Servers.client(APP, danRec, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        MessageRecorder erinRec = new MessageRecorder();
        RtmClient erin = Servers.client(APP, erinRec, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        try {
            login(alice, "alice");
            for (int i = 0; i < 205; i++) {
                assertThat(send(alice, "dan", "d" + i, true).await()).isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_CACHED_BY_SERVER);
            }
            assertThat(send(alice, "erin", "stale", true).await()).isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_CACHED_BY_SERVER);

            login(dan, "dan");
            await().atMost(WAIT).until(() -> danRec.received.size() == 200);
            assertThat(danRec.texts().get(0)).isEqualTo("d5");
            assertThat(danRec.texts().get(199)).isEqualTo("d204");

            time.advance(Duration.ofDays(7).plusMinutes(1));
            login(erin, "erin");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> erinRec.received.isEmpty());
            assertThat(server.offlineStore().load(APP, "erin").join()).isEmpty();
        } finally {
            alice.release();
            dan.release();
            erin.release();
            server.close();
        }
    }

    private static Process start(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", Servers.serverJar().toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitReady(int http) {
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }
}
