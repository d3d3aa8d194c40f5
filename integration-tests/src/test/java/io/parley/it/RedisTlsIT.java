package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.TestCertificates;
import io.parley.rtm.RtmClient;
import io.parley.rtm.SendMessageOptions;
import io.parley.server.ParleyServer;
import io.parley.server.cluster.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode over TLS to a real redis-server that also requires a password: two nodes on
 * {@code rediss://:password@localhost} trusting the Redis certificate carry a peer message from a
 * client on one to a client on the other; without that trust a node refuses to start, and says
 * why without the password.
 */
class RedisTlsIT {
    private static final String APP = "redis-tls-app";
    private static final String PASSWORD = "redis-tls-pw-42";

    @Test
    void nodesTalkThroughATlsRedis_withAPassword() throws Exception {
        Path dir = Files.createTempDirectory("redis-tls");
        TestCertificates certs = TestCertificates.selfSignedFor(dir, "redis", "localhost");
        int tlsPort = Servers.freePort();
        try (RedisProcess redis = new RedisProcess("--requirepass", PASSWORD, "--tls-port", String.valueOf(tlsPort),
                "--tls-cert-file", certs.certFile().toString(), "--tls-key-file", certs.keyFile().toString(),
                "--tls-ca-cert-file", certs.certFile().toString(), "--tls-auth-clients", "no")) {
            String uri = "rediss://:" + PASSWORD + "@localhost:" + tlsPort;
            try (ParleyServer one = Servers.start(Servers.config().app(APP).redis(uri).redisTlsTrust(certs.certFile())
                    .nodeId("tls1").build());
                 ParleyServer two = Servers.start(Servers.config().app(APP).redis(uri).redisTlsTrust(certs.certFile())
                         .nodeId("tls2").build())) {
                MessageRecorder bobInbox = new MessageRecorder();
                RtmClient alice = Servers.client(APP, new MessageRecorder(),
                        Servers.clientConfig("127.0.0.1:" + one.port()).build());
                RtmClient bob = Servers.client(APP, bobInbox, Servers.clientConfig("127.0.0.1:" + two.port()).build());
                try {
                    login(alice, "alice");
                    login(bob, "bob");
                    Result<Void> sent = new Result<>();
                    alice.sendMessageToPeer("bob", alice.createMessage("over TLS"), new SendMessageOptions(), sent);
                    assertThat(sent.await()).isZero();
                    await().atMost(Duration.ofSeconds(10)).until(() -> bobInbox.texts().contains("over TLS"));
                } finally {
                    alice.release();
                    bob.release();
                }
            }

            // the JVM's trust store does not know the Redis certificate: the node does not start
            Throwable refused = catchThrowable(() -> Servers.start(Servers.config().app(APP).redis(uri)
                    .nodeId("tls3").build()));
            assertThat(refused).isNotNull();
            for (Throwable t = refused; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
            }
        }
    }

    private static void login(RtmClient c, String user) {
        Result<Void> r = new Result<>();
        c.login(null, user, r);
        assertThat(r.await()).isZero();
    }
}
