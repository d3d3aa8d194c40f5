package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.ChannelRecorder;
import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.it.support.WsClient;
import io.parley.protocol.FrameLimits;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DeliveryAck;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.JoinChannel;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.SendChannelMessage;
import io.parley.protocol.v1.SendPeerMessage;
import io.parley.protocol.v1.ServerFrame;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.SendMessageOptions;
import io.parley.server.ParleyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket endpoint ({@code /rtm} on the HTTP port) end to end with the JDK's WebSocket
 * client: the same login, messages, acks and limits as the TCP port, a Java SDK client on TCP at
 * the other end, and a clear close code or HTTP status for everything a browser endpoint must refuse.
 */
class WebSocketIT {
    private static final String APP = "ws-app";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ParleyServer server;
    private RtmClient javaClient;

    @AfterEach
    void stop() {
        if (javaClient != null) {
            javaClient.release();
        }
        if (server != null) {
            server.close();
        }
    }

    private void startDevMode() {
        server = Servers.start(Servers.config().build());
    }

    private RtmClient javaLogin(String user, io.parley.rtm.RtmClientListener listener) {
        RtmClient c = Servers.client(APP, listener, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        Result<Void> r = new Result<>();
        c.login(null, user, r);
        assertThat(r.await()).isZero();
        return c;
    }

    private static MessageBody text(String s) {
        return MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText(s).build();
    }

    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void peerMessages_bothWaysBetweenWebSocketAndJavaSdk_withAcks() throws Exception {
        startDevMode();
        MessageRecorder javaInbox = new MessageRecorder();
        javaClient = javaLogin("java-user", javaInbox);
        try (WsClient ws = WsClient.loggedIn(server.httpPort(), APP, "ws-user")) {
            // ws → Java: the reply is OK only after the Java SDK acked
            ServerFrame reply = ws.request(ClientFrame.newBuilder().setSendPeerMessage(SendPeerMessage.newBuilder()
                    .setPeerId("java-user").setBody(text("hello from ws"))));
            assertThat(reply.getStatus().getCode()).isEqualTo(ErrorCode.OK);
            assertThat(reply.getSendPeerMessageReply().getMessageId()).isPositive();
            assertThat(javaInbox.received).extracting(r -> r.from() + ":" + r.message().getText())
                    .containsExactly("ws-user:hello from ws");

            // Java → ws: answered once the ws client acks
            Result<Void> sent = new Result<>();
            RtmMessage m = javaClient.createMessage("hello from java");
            javaClient.sendMessageToPeer("ws-user", m, new SendMessageOptions(), sent);
            ServerFrame push = ws.next(ServerFrame::hasPeerMessage);
            assertThat(push.getPeerMessage().getFromUserId()).isEqualTo("java-user");
            assertThat(push.getPeerMessage().getBody().getText()).isEqualTo("hello from java");
            assertThat(sent.isDone()).as("no success before the ack").isFalse();
            ws.send(ClientFrame.newBuilder().setDeliveryAck(DeliveryAck.newBuilder()
                    .addMessageIds(push.getPeerMessage().getMessageId())).build());
            assertThat(sent.await()).isZero();
        }
        String metrics = scrape();
        assertThat(metrics).contains("parley_connections_opened_total{transport=\"ws\"} 1.0");
        assertThat(metrics).contains("parley_connections_opened_total{transport=\"tcp\"}");
    }

    @Test
    void channel_webSocketMemberGetsMessagesAndMemberEvents_fromJavaMembers() throws Exception {
        startDevMode();
        javaClient = javaLogin("java-user", new MessageRecorder());
        ChannelRecorder javaRoom = new ChannelRecorder();
        RtmChannel channel = javaClient.createChannel("room", javaRoom);
        try (WsClient ws = WsClient.loggedIn(server.httpPort(), APP, "ws-user")) {
            assertThat(ws.request(ClientFrame.newBuilder().setJoinChannel(JoinChannel.newBuilder().setChannelId("room")))
                    .getStatus().getCode()).isEqualTo(ErrorCode.OK);
            Result<Void> joined = new Result<>();
            channel.join(joined);
            assertThat(joined.await()).isZero();
            assertThat(ws.next(ServerFrame::hasMemberJoined).getMemberJoined().getUserId()).isEqualTo("java-user");

            Result<Void> sent = new Result<>();
            channel.sendMessage(javaClient.createMessage("to the room"), sent);
            assertThat(sent.await()).isZero();
            ServerFrame push = ws.next(ServerFrame::hasChannelMessage);
            assertThat(push.getChannelMessage().getBody().getText()).isEqualTo("to the room");
            assertThat(push.getChannelMessage().getFromUserId()).isEqualTo("java-user");

            assertThat(ws.request(ClientFrame.newBuilder().setSendChannelMessage(SendChannelMessage.newBuilder()
                    .setChannelId("room").setBody(text("from ws")))).getStatus().getCode()).isEqualTo(ErrorCode.OK);
            await().atMost(WAIT).until(() -> javaRoom.messages.contains("ws-user:from ws"));
        }
    }

    @Test
    void textMessage_isClosedWith1003_oversizeWith1009_fragmentsOverTheLimitWith1009_andCounted() throws Exception {
        startDevMode();
        StateRecorder bystanderStates = new StateRecorder();
        javaClient = javaLogin("bystander", bystanderStates);

        try (WsClient ws = WsClient.loggedIn(server.httpPort(), APP, "texter")) {
            ws.sendText("{\"login\":{}}");
            assertThat(ws.closeCode()).isEqualTo(1003);
        }
        try (WsClient ws = WsClient.connect(server.httpPort())) {
            ws.sendBinary(new byte[FrameLimits.MAX_FRAME_BYTES + 1]);
            assertThat(ws.closeCode()).isEqualTo(1009);
        }
        try (WsClient ws = WsClient.connect(server.httpPort())) { // before login the limit is a login's size
            ws.sendBinary(new byte[FrameLimits.MAX_PRE_LOGIN_FRAME_BYTES + 1]);
            assertThat(ws.closeCode()).isEqualTo(1009);
        }
        try (WsClient ws = WsClient.loggedIn(server.httpPort(), APP, "fragmenter")) { // the full limit applies
            byte[] half = new byte[FrameLimits.MAX_FRAME_BYTES / 2 + 1];
            ws.sendFragmented(half, half);
            assertThat(ws.closeCode()).isEqualTo(1009);
        }
        // a frame at the limit in two fragments is one valid message (here: a login with a long token)
        try (WsClient ws = WsClient.connect(server.httpPort())) {
            byte[] login = ClientFrame.newBuilder().setRequestId(1).setLogin(Login.newBuilder().setAppId(APP)
                    .setUserId("fragmented")).build().toByteArray();
            ws.sendFragmented(java.util.Arrays.copyOf(login, 3), java.util.Arrays.copyOfRange(login, 3, login.length));
            assertThat(ws.next(f -> f.getRequestId() == 1).getStatus().getCode()).isEqualTo(ErrorCode.OK);
        }
        String metrics = scrape();
        assertThat(metrics).contains("parley_websocket_rejected_total{reason=\"text_frame\"} 1.0");
        assertThat(metrics).contains("parley_websocket_rejected_total{reason=\"too_large\"} 3.0");
        assertThat(bystanderStates.changes).hasSize(2);
    }

    @Test
    void garbageBinaryMessages_closeWithProtocolError_andOtherSessionsAreUnaffected() throws Exception {
        startDevMode();
        StateRecorder bystanderStates = new StateRecorder();
        javaClient = javaLogin("bystander", bystanderStates);
        Random random = new Random(20261204L);
        for (int i = 0; i < 30; i++) {
            try (WsClient ws = WsClient.connect(server.httpPort())) {
                byte[] junk = new byte[1 + random.nextInt(i % 3 == 0 ? FrameLimits.MAX_PRE_LOGIN_FRAME_BYTES : 64)];
                random.nextBytes(junk);
                junk[0] = (byte) 0xff; // field 31, wire type 7: never a valid ClientFrame
                ws.sendBinary(junk);
                ServerFrame aborted = ws.next(ServerFrame::hasSessionAborted);
                assertThat(aborted.getSessionAborted().getCode()).isEqualTo(DisconnectCode.PROTOCOL_ERROR);
                assertThat(ws.closeCode()).isEqualTo(1000);
            }
        }
        try (WsClient ws = WsClient.connect(server.httpPort())) {
            ws.sendBinary(new byte[0]);
            assertThat(ws.next(ServerFrame::hasSessionAborted).getSessionAborted().getCode())
                    .isEqualTo(DisconnectCode.PROTOCOL_ERROR);
        }
        assertThat(bystanderStates.changes).hasSize(2);
        assertThat(server.sessions().get(APP, "bystander").isAttached()).isTrue();
    }

    @Test
    void plainRequestToTheEndpoint_is426_otherMethods405() throws Exception {
        startDevMode();
        HttpClient http = HttpClient.newHttpClient();
        URI rtm = URI.create("http://127.0.0.1:" + server.httpPort() + "/rtm");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(rtm).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(426);
        assertThat(get.headers().firstValue("upgrade")).hasValue("websocket");
        assertThat(get.body()).contains("WebSocket endpoint");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(rtm).POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        // the other routes still work on the same port
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void origins_withAppsConfigured_onlyTheSameHostOrTheListedOnesMayConnect() throws Exception {
        server = Servers.start(Servers.config().app(APP).build());
        String self = "http://127.0.0.1:" + server.httpPort();
        try (WsClient ws = WsClient.connect(server.httpPort(), self)) {
            assertThat(ws.closed).isNotDone();
        }
        try (WsClient ws = WsClient.connect(server.httpPort())) { // no Origin: not a browser
            assertThat(ws.closed).isNotDone();
        }
        assertThat(refusedStatus(server.httpPort(), "https://evil.example")).isEqualTo(403);
        server.close();

        server = Servers.start(Servers.config().app(APP).webSocketAllowedOrigins(List.of("https://app.example"))
                .build());
        try (WsClient ws = WsClient.connect(server.httpPort(), "https://app.example")) {
            assertThat(ws.closed).isNotDone();
        }
        assertThat(refusedStatus(server.httpPort(), "https://evil.example")).isEqualTo(403);
        assertThat(scrape()).contains("parley_websocket_rejected_total{reason=\"origin\"} 1.0");
    }

    @Test
    void devMode_anyOriginMayConnect() {
        startDevMode();
        try (WsClient ws = WsClient.connect(server.httpPort(), "http://localhost:5173")) {
            assertThat(ws.closed).isNotDone();
        }
    }

    private static int refusedStatus(int port, String origin) {
        try {
            WsClient.connect(port, origin).close();
            return 101;
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }
}
