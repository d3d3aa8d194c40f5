package io.parley.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.AdminClient;
import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.rtm.RtmClient;
import io.parley.rtm.SendMessageOptions;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.DockerComposeContainer;

/**
 * Each cluster compose file comes up — docker/docker-compose.cluster.yml (one Redis and three
 * nodes) and docker/docker-compose.redis-cluster.yml (a 3-master Redis Cluster and three nodes),
 * both built from docker/Dockerfile — and a peer message goes from a client on node 1 to a client
 * on node 3, acknowledged by the recipient across Redis. Uses the compose files' published ports
 * 9600-9621, one file after the other.
 */
class ClusterComposeIT {
    private static final String APP_ID = "d0c4e7a1b2c3d4e5f60718293a4b5c6d";
    private static final String SECRET = "dev-admin-secret-change-me";

    @ParameterizedTest
    @ValueSource(strings = {"docker-compose.cluster.yml", "docker-compose.redis-cluster.yml"})
    void peerMessageBetweenClientsOnDifferentNodes(String composeFile) {
        DockerSupport.requireDocker();
        Path root = Path.of(System.getProperty("parley.repo.root", "..")).toAbsolutePath().normalize();
        Map<String, String> env = new java.util.HashMap<>(Map.of("PARLEY_BASE_IMAGE", DockerSupport.baseImage()));
        String redisImage = System.getenv("PARLEY_REDIS_IMAGE");
        if (redisImage != null && !redisImage.isBlank()) {
            env.put("PARLEY_REDIS_IMAGE", redisImage);
        }
        try (DockerComposeContainer<?> cluster = new DockerComposeContainer<>("parleyit",
                new File(root.resolve("docker").resolve(composeFile).toString()))
                .withPull(false)
                .withBuild(true)
                .withEnv(env)) {
            cluster.start();
            for (int http : new int[] {9601, 9611, 9621}) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> status("http://127.0.0.1:" + http + "/ready") == 200);
            }
            AdminClient admin = new AdminClient(9611, SECRET);
            MessageRecorder bobMessages = new MessageRecorder();
            RtmClient alice = login(admin, "127.0.0.1:9600", "alice", new MessageRecorder());
            RtmClient bob = login(admin, "127.0.0.1:9620", "bob", bobMessages);
            try {
                Result<Void> sent = new Result<>();
                alice.sendMessageToPeer("bob", alice.createMessage("node 1 to node 3"), new SendMessageOptions(), sent);
                assertThat(sent.await()).isZero(); // success = bob's SDK on node 3 acknowledged it
                assertThat(bobMessages.texts()).containsExactly("node 1 to node 3");
                AdminClient.Reply online = new AdminClient(9601, SECRET).post("apps/" + APP_ID + "/online_status",
                        "{\"user_ids\":[\"bob\"]}");
                assertThat(online.json().path("statuses").path("bob").asText()).isEqualTo("ONLINE");
            } finally {
                alice.release();
                bob.release();
            }
        }
    }

    private static RtmClient login(AdminClient admin, String endpoint, String user, MessageRecorder listener) {
        AdminClient.Reply minted = admin.post("apps/" + APP_ID + "/tokens", "{\"user_id\":\"" + user + "\"}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        RtmClient c = Servers.client(APP_ID, listener, Servers.clientConfig(endpoint).build());
        Result<Void> r = new Result<>();
        c.login(minted.text("token"), user, r);
        assertThat(r.await()).isZero();
        return c;
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
