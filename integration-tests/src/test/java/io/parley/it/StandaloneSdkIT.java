package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.MessageRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.rtm.RtmClient;
import io.parley.rtm.SendMessageOptions;
import io.parley.server.ParleyServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK as an app gets it: its jar and its own runtime dependencies (protobuf lite, Netty NIO,
 * SLF4J API — not the server's full protobuf), in a JVM of its own. The Agora-tutorial-shaped demo
 * compiles as Java 8 source and chats with an in-test client; after release() nothing the SDK
 * started is left running and the JVM exits by itself.
 */
class StandaloneSdkIT {
    private static final String APP = "open-app";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ParleyServer server;
    private Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = Servers.start(Servers.config().app(APP).build());
    }

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        server.close();
    }

    /** The SDK jar and its runtime dependencies, as its own build resolved them. */
    private static String sdkClasspath() throws IOException {
        Path jar = Path.of(System.getProperty("parley.sdk.jar", "../client-sdk/target/parley-client-sdk.jar"));
        Path deps = Path.of(System.getProperty("parley.sdk.classpath.file", "../client-sdk/target/sdk-runtime.classpath"));
        assertThat(jar).as("build client-sdk first (./mvnw -pl client-sdk package)").exists();
        assertThat(deps).exists();
        String cp = Files.readString(deps).trim();
        assertThat(cp).contains("protobuf-javalite").doesNotContain("protobuf-java-").doesNotContain("netty-transport-native");
        return jar + File.pathSeparator + cp;
    }

    private void spawn(String classpath, String... mainAndArgs) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath));
        cmd.addAll(List.of(mainAndArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PARLEY_SERVER", "127.0.0.1:" + server.port());
        process = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "standalone-sdk-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void awaitLine(String line) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(out).as("the SDK's JVM printed").contains(line));
    }

    @Test
    void tutorialDemo_compilesAsJava8_andChats_onTheSdksOwnClasspath_thenTheJvmExitsByItself(@TempDir Path tmp)
            throws Exception {
        String sdk = sdkClasspath();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path source = Path.of(System.getProperty("parley.tutorial.dir", "src/test/tutorial"), "RtmJavaDemo.java");
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null, List.of("--release", "8", "-Xlint:-options",
                        "-cp", sdk, "-d", tmp.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile()))
                .call();
        assertThat(ok).as("javac --release 8: %s", diagnostics).isTrue();

        MessageRecorder inbox = new MessageRecorder();
        RtmClient tester = Servers.client(APP, inbox, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        try {
            Result<Void> in = new Result<>();
            tester.login(null, "tester", in);
            assertThat(in.await()).isZero();

            spawn(tmp + File.pathSeparator + sdk, "RtmJavaDemo", APP);
            Writer stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            stdin.write("demo-user\n");
            stdin.flush();
            awaitLine("LOGGED_IN demo-user");

            Result<Void> sent = new Result<>();
            tester.sendMessageToPeer("demo-user", tester.createMessage("hello demo"), new SendMessageOptions(), sent);
            assertThat(sent.await()).isZero();
            awaitLine("PEER tester hello demo");

            stdin.write("peer tester hello tester\npeer nobody-here hi\njoin room\n");
            stdin.flush();
            awaitLine("SENT tester");
            awaitLine("OFFLINE nobody-here");
            await().atMost(WAIT).until(() -> inbox.texts().contains("hello tester"));
            awaitLine("JOINED room");
            stdin.write("members\nsay hi room\n");
            stdin.flush();
            awaitLine("MEMBERS demo-user");
            awaitLine("SAID");
            stdin.write("leave\nlogout\n");
            stdin.flush();
            awaitLine("LOGGED_OUT");
            stdin.close(); // end of input: the demo releases the client and returns from main

            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("the JVM exits after release(): %s", out).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(out).contains("RELEASED");
        } finally {
            tester.release();
        }
    }

    @Test
    void afterRelease_everyThreadTheSdkStarted_ends() throws Exception {
        String cp = Path.of(System.getProperty("parley.it.classes", "target/test-classes")) + File.pathSeparator
                + sdkClasspath();
        spawn(cp, "io.parley.it.standalone.ReleaseCheck", "127.0.0.1:" + server.port());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s", out).isTrue();
        assertThat(out).as("%s", out).contains("RECEIVED release-a:ping", "NO_THREADS_LEFT");
        assertThat(out.stream().filter(l -> l.startsWith("SDK_THREADS_WHILE_RUNNING")).findFirst().orElseThrow())
                .as("the SDK did run threads").isNotEqualTo("SDK_THREADS_WHILE_RUNNING 0");
    }
}
