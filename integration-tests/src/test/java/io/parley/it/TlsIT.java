package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.TestCertificates;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmStatusCode.LoginError;
import io.parley.rtm.SendMessageOptions;
import io.parley.server.ParleyServer;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;
import io.parley.protocol.v1.ServerFrame;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.ClientFrame;
import java.util.concurrent.CompletionStage;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS on the client port (SDK tls:// endpoints with a trust store) and on the HTTP port (admin API over HTTPS). */
class TlsIT {
    private static final String SECRET = "tls-admin-secret-0123";

    @TempDir
    Path dir;

    @Test
    void sdkLogsInAndMessagesOverTls_andTheAdminApiAnswersOverHttps() throws Exception {
        TestCertificates certs = TestCertificates.selfSigned(dir, "parley-test");
        try (ParleyServer server = Servers.start(Servers.config().app("tls-app").adminSecret(SECRET)
                .tls(certs.certFile(), certs.keyFile()).build())) {
            RtmClientConfig config = Servers.clientConfig("tls://localhost:" + server.port())
                    .trustCertificates(certs.certFile().toFile()).build();
            MessageRecorder bobMessages = new MessageRecorder();
            RtmClient alice = Servers.client("tls-app", new MessageRecorder(), config);
            RtmClient bob = Servers.client("tls-app", bobMessages, config);
            try {
                login(alice, "alice");
                login(bob, "bob");
                Result<Void> sent = new Result<>();
                alice.sendMessageToPeer("bob", alice.createMessage("over tls"), new SendMessageOptions(), sent);
                assertThat(sent.await()).isZero();
                assertThat(bobMessages.texts()).containsExactly("over tls");
            } finally {
                alice.release();
                bob.release();
            }

            HttpClient https = HttpClient.newBuilder().sslContext(trusting(certs.certFile())).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.httpPort()
                    + "/api/v1/apps/tls-app/channels/room/member_count")).header("Authorization", "Bearer " + SECRET).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"count\":0");

            // wss:// on the same port: the WebSocket endpoint behind TLS, a login and a ping answered
            BlockingQueue<ByteBuffer> got = new LinkedBlockingQueue<>();
            WebSocket wss = https.newWebSocketBuilder().buildAsync(
                    URI.create("wss://localhost:" + server.httpPort() + "/rtm"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onBinary(WebSocket ws,
                                                                                ByteBuffer data, boolean last) {
                            got.add(ByteBuffer.allocate(data.remaining()).put(data).flip());
                            ws.request(1);
                            return null;
                        }
                    }).join();
            wss.sendBinary(ByteBuffer.wrap(ClientFrame.newBuilder().setRequestId(5)
                    .setLogin(Login.newBuilder().setAppId("tls-app").setUserId("web-over-tls"))
                    .build().toByteArray()), true).join();
            ServerFrame reply = ServerFrame.parseFrom(
                    got.poll(10, TimeUnit.SECONDS));
            assertThat(reply.getRequestId()).isEqualTo(5);
            assertThat(reply.hasLoginReply()).as(reply.toString()).isTrue();
            wss.abort();

            // plain TCP on the TLS port gets nothing usable: the server waits for a TLS ClientHello
            try (Socket plain = new Socket("127.0.0.1", server.port())) {
                plain.setSoTimeout(3000);
                plain.getOutputStream().write(new byte[] {2, 8, 1});
                plain.getOutputStream().flush();
                assertThat(plain.getInputStream().read()).as("a TLS alert record or a close, never a frame")
                        .isIn(-1, 0x15);
            } catch (java.net.SocketException | java.net.SocketTimeoutException expected) {
                // closed or silent: either way no frame
            }
        }
    }

    @Test
    void untrustedCertificate_failsTheLogin_noPlaintextFallback() throws Exception {
        TestCertificates certs = TestCertificates.selfSigned(dir, "parley-untrusted");
        try (ParleyServer server = Servers.start(Servers.config().app("tls-app")
                .tls(certs.certFile(), certs.keyFile()).build())) {
            RtmClient c = Servers.client("tls-app", new MessageRecorder(),
                    Servers.clientConfig("tls://localhost:" + server.port()).loginTimeout(3, TimeUnit.SECONDS).build());
            assertLoginNeverCompletes(server, c);
        }
    }

    @Test
    void trustedCertificateForAnotherHostName_failsTheLogin() throws Exception {
        TestCertificates certs = TestCertificates.selfSignedFor(dir, "parley-elsewhere", "chat.elsewhere.example");
        try (ParleyServer server = Servers.start(Servers.config().app("tls-app")
                .tls(certs.certFile(), certs.keyFile()).build())) {
            // the certificate is trusted, but names another host: the SDK's host name check refuses it
            RtmClient c = Servers.client("tls-app", new MessageRecorder(), Servers.clientConfig("tls://localhost:"
                    + server.port()).trustCertificates(certs.certFile().toFile()).loginTimeout(3, TimeUnit.SECONDS).build());
            assertLoginNeverCompletes(server, c);
            // the same trust over HTTPS: the JDK's check refuses it too
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(certs.certFile())).build();
            assertThatThrownBy(() -> https.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.httpPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
        }
    }

    /** The TLS handshake fails, so the login times out and no session exists. */
    private static void assertLoginNeverCompletes(ParleyServer server, RtmClient c) {
        try {
            Result<Void> r = new Result<>();
            c.login(null, "mallory", r);
            assertThat(r.await(Duration.ofSeconds(10))).isEqualTo(LoginError.LOGIN_ERR_TIMEOUT);
            assertThat(server.sessions().get("tls-app", "mallory")).isNull();
        } finally {
            c.release();
        }
    }

    private static void login(RtmClient c, String user) {
        Result<Void> r = new Result<>();
        c.login(null, user, r);
        assertThat(r.await()).isZero();
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(pem)) {
            ks.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
