package io.parley.it;

import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_INTERRUPTED;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_SUCCESS;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_CONNECTED;
import static io.parley.rtm.RtmStatusCode.ConnectionState.CONNECTION_STATE_RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.rtm.RtmClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server jar as users run it: its own JVM, README's start command, SIGTERM, exit codes. */
class ServerProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Process startJar(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", Servers.serverJar().toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void sigterm_clientsSeeTheDrop_andReconnectWhenTheServerIsBack() throws Exception {
        int port = Servers.freePort();
        int http = Servers.freePort();
        Path dir = Files.createTempDirectory("parley-proc");
        String[] args = {"--host", "127.0.0.1", "--port", "" + port, "--http-port", "" + http, "--data-dir", dir.toString()};
        Process first = startJar(dir.resolve("first.log"), args);
        StateRecorder rec = new StateRecorder();
        RtmClient c = Servers.client("any-app", rec, Servers.clientConfig("127.0.0.1:" + port).build());
        Process second = null;
        try {
            await().atMost(WAIT).until(() -> get("http://127.0.0.1:" + http + "/ready") == 200);
            assertThat(get("http://127.0.0.1:" + http + "/health")).isEqualTo(200);
            String log = Files.readString(dir.resolve("first.log"), StandardCharsets.UTF_8);
            assertThat(log).contains("DEV MODE").contains("client port " + port);

            Result<Void> r = new Result<>();
            c.login(null, "proc-user", r);
            assertThat(r.await()).isZero();
            int mark = rec.changes.size();

            first.destroy(); // SIGTERM
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(dir.resolve("first.log"))).contains("Parley stopped");
            rec.awaitSeen(mark, CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGE_REASON_INTERRUPTED, WAIT);

            second = startJar(dir.resolve("second.log"), args);
            rec.awaitLast(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGE_REASON_LOGIN_SUCCESS, WAIT);
        } finally {
            c.release();
            first.destroyForcibly();
            if (second != null) {
                second.destroy();
                second.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void badConfiguration_exitsWith2_andNamesTheSetting() throws Exception {
        Path dir = Files.createTempDirectory("parley-proc");
        Path yaml = dir.resolve("parley.yml");
        Files.writeString(yaml, "port: 9600\napps:\n  - id: myapp\n    certificates: [\"not-a-cert\"]\n");
        Object[][] cases = {
                {new String[] {"--port", "70000"}, "port"},
                {new String[] {"--config", yaml.toString()}, "app-certificate"},
                {new String[] {"--bogus", "1"}, "--bogus"},
        };
        for (Object[] c : cases) {
            Path log = dir.resolve("bad.log");
            Process p = startJar(log, (String[]) c[0]);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(2);
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).contains((String) c[1]);
        }
    }

    @Test
    void help_anywhereOnTheLine_printsUsageWithEveryFlag_andExits0() throws Exception {
        Path dir = Files.createTempDirectory("parley-proc");
        Path log = dir.resolve("help.log");
        Process p = startJar(log, "--port", "9600", "--help");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String usage = Files.readString(log);
        for (String flag : List.of("--port", "--http-port", "--host", "--app-id", "--app-certificate", "--data-dir",
                "--config", "--admin-secret", "--admin-token-minting", "--log-level", "--tls-cert", "--tls-key",
                "--redis", "--node-id", "--websocket-allowed-origin", "/rtm")) {
            assertThat(usage).contains(flag);
        }
    }
}
