package io.parley.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.AdminClient;
import io.parley.it.support.ChannelRecorder;
import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.WsClient;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DeliveryAck;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.ServerFrame;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmClient;
import io.parley.rtm.SendMessageOptions;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The image built from docker/Dockerfile (context: the repository root), configured with the
 * environment of docker/docker-compose.yml, runs as a non-root user, reports healthy, and serves
 * an SDK login, a peer message and a channel message, with tokens minted through its admin API as
 * a newcomer using the compose file would.
 */
class DockerImageIT {

    @Test
    void imageServesLoginPeerAndChannelMessages() throws Exception {
        DockerSupport.requireDocker();
        Path root = Path.of(System.getProperty("parley.repo.root", "..")).toAbsolutePath().normalize();
        ImageFromDockerfile image = new ImageFromDockerfile("parley/server-it", false)
                .withFileFromPath("docker/Dockerfile", root.resolve("docker/Dockerfile"))
                .withFileFromPath("server/target/parley-server.jar", root.resolve("server/target/parley-server.jar"))
                .withDockerfilePath("docker/Dockerfile")
                .withBuildArg("BASE_IMAGE", DockerSupport.baseImage());
        Map<String, String> env = composeEnvironment(root.resolve("docker/docker-compose.yml"));
        String appId = env.get("PARLEY_APP_ID");
        try (GenericContainer<?> parley = new GenericContainer<>(image)
                .withExposedPorts(9600, 9601)
                .withEnv(env)
                .waitingFor(Wait.forHttp("/ready").forPort(9601).withStartupTimeout(Duration.ofMinutes(2)))) {
            parley.start();

            assertThat(parley.execInContainer("id", "-u").getStdout().trim()).isEqualTo("10001");
            assertThat(parley.getContainerInfo().getConfig().getVolumes()).containsKey("/var/lib/parley/data");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    "healthy".equals(parley.getCurrentContainerInfo().getState().getHealth().getStatus()));

            AdminClient admin = new AdminClient(parley.getMappedPort(9601), env.get("PARLEY_ADMIN_SECRET"));
            String endpoint = "127.0.0.1:" + parley.getMappedPort(9600); // published on the loopback too
            MessageRecorder bobMessages = new MessageRecorder();
            RtmClient alice = login(admin, appId, endpoint, "alice", new MessageRecorder());
            RtmClient bob = login(admin, appId, endpoint, "bob", bobMessages);
            try {
                Result<Void> sent = new Result<>();
                alice.sendMessageToPeer("bob", alice.createMessage("hello from the container"), new SendMessageOptions(), sent);
                assertThat(sent.await()).isZero(); // success = bob's SDK acknowledged it
                assertThat(bobMessages.texts()).containsExactly("hello from the container");

                ChannelRecorder bobChannel = new ChannelRecorder();
                join(bob.createChannel("docker-room", bobChannel));
                RtmChannel aliceChannel = alice.createChannel("docker-room", null);
                join(aliceChannel);
                Result<Void> posted = new Result<>();
                aliceChannel.sendMessage(alice.createMessage("to the room"), posted);
                assertThat(posted.await()).isZero();
                await().atMost(Duration.ofSeconds(10)).until(() -> bobChannel.messages.contains("alice:to the room"));

                // a browser page on a local dev server reaches the container's WebSocket endpoint
                try (WsClient carol = WsClient.connect(parley.getMappedPort(9601), "http://localhost:5173")) {
                    String token = admin.post("apps/" + appId + "/tokens", "{\"user_id\":\"carol\"}").text("token");
                    assertThat(carol.request(ClientFrame.newBuilder().setLogin(Login.newBuilder().setAppId(appId)
                            .setUserId("carol").setToken(token))).getStatus().getCode()).isEqualTo(ErrorCode.OK);
                    Result<Void> toCarol = new Result<>();
                    alice.sendMessageToPeer("carol", alice.createMessage("hello over WebSocket"), new SendMessageOptions(),
                            toCarol);
                    ServerFrame push = carol.next(ServerFrame::hasPeerMessage);
                    assertThat(push.getPeerMessage().getBody().getText()).isEqualTo("hello over WebSocket");
                    carol.send(ClientFrame.newBuilder().setDeliveryAck(DeliveryAck.newBuilder()
                            .addMessageIds(push.getPeerMessage().getMessageId())).build());
                    assertThat(toCarol.await()).isZero();
                }
            } finally {
                alice.release();
                bob.release();
            }
        }
    }

    /** services.parley.environment of the compose file, as strings. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> composeEnvironment(Path composeFile) throws Exception {
        Map<String, Object> doc;
        try (Reader r = Files.newBufferedReader(composeFile)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        }
        Map<String, Object> service = (Map<String, Object>) ((Map<String, Object>) doc.get("services")).get("parley");
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) service.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        assertThat(env).containsKeys("PARLEY_APP_ID", "PARLEY_APP_CERTIFICATE", "PARLEY_ADMIN_SECRET")
                .containsEntry("PARLEY_ADMIN_TOKEN_MINTING", "true");
        assertThat((List<String>) service.get("ports")).contains("9600:9600", "9601:9601");
        assertThat((List<String>) service.get("volumes")).anyMatch(v -> v.endsWith(":/var/lib/parley/data"));
        return env;
    }

    private static RtmClient login(AdminClient admin, String appId, String endpoint, String user,
                                   MessageRecorder listener) {
        AdminClient.Reply minted = admin.post("apps/" + appId + "/tokens", "{\"user_id\":\"" + user + "\"}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        RtmClient c = Servers.client(appId, listener, Servers.clientConfig(endpoint).build());
        Result<Void> r = new Result<>();
        c.login(minted.text("token"), user, r);
        assertThat(r.await()).isZero();
        return c;
    }

    private static void join(RtmChannel channel) {
        Result<Void> r = new Result<>();
        channel.join(r);
        assertThat(r.await()).isZero();
    }
}
