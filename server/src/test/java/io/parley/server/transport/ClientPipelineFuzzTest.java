package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.protocol.FrameLimits;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.ParleyServer;
import io.parley.server.config.ServerConfig;
import io.parley.server.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the whole client pipeline (framing, protobuf decoding, dispatch, every command handler)
 * in-process through an {@link EmbeddedChannel}: random bytes, truncated and oversize frames,
 * huge varints and random well-formed frames before and after login. Whatever arrives, no
 * exception escapes the pipeline, everything the server writes is a well-formed frame, requests
 * are answered with their own request ids, frames before login get NOT_LOGGED_IN, and a bystander
 * session is never touched.
 *
 * <p>Each case is generated from its own seed ({@code base seed + case number}), so a failure names
 * the seed that reproduces it. CI runs a fixed corpus ({@value #DEFAULT_TRIES} cases per property
 * from seed {@value #DEFAULT_SEED}); a longer run on demand:
 * {@code ./mvnw -pl server test -Dtest=ClientPipelineFuzzTest -Dparley.fuzz.tries=200000 -Dparley.fuzz.seed=random}.
 */
class ClientPipelineFuzzTest {
    static final int DEFAULT_TRIES = 400;
    static final long DEFAULT_SEED = 20261125L;
    private static ParleyServer server;
    private static Path dataDir;
    private static EmbeddedChannel bystander;
    private static String bystanderSession;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("parley-fuzz");
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).httpPort(0).dataDir(dataDir)
                .messagesPer3s(0).loginsPerSecond(1000).build());
        bystander = channel();
        List<ServerFrame> out = exchange(bystander, delimited(List.of(login(1, RandomFrames.BYSTANDER))));
        assertThat(out).anyMatch(f -> f.getRequestId() == 1 && f.getStatus().getCode() == ErrorCode.OK);
        bystanderSession = server.sessions().get("fuzz-app", RandomFrames.BYSTANDER).id();
    }

    @AfterAll
    static void stop() {
        bystander.finishAndReleaseAll();
        server.close();
    }

    @Test
    void arbitraryBytes_neverBreakThePipeline() {
        forEachCase((seed, r) -> arbitraryBytes(chunks(r)));
    }

    @Test
    void randomFrames_beforeAndAfterLogin_getAnswersNotExceptions() {
        forEachCase((seed, r) -> randomFrames(script(seed, r)));
    }

    /**
     * Two real connections of the same user, on two threads, send random frames at once: logins
     * replace each other mid-stream (RTM's remote login) while the other connection's requests are
     * in flight. Nothing breaks the protocol, every frame written is within the limit, and the
     * server still serves a fresh login afterwards.
     */
    @Test
    void twoConnectionsOfTheSameUser_fuzzedConcurrently_overRealSockets() throws Exception {
        int cases = Math.max(20, Integer.getInteger("parley.fuzz.tries", DEFAULT_TRIES) / 10);
        String seedProperty = System.getProperty("parley.fuzz.seed", String.valueOf(DEFAULT_SEED));
        long base = seedProperty.equals("random") ? System.nanoTime() : Long.parseLong(seedProperty);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (ParleyServer live = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).httpPort(0)
                .dataDir(Files.createTempDirectory("parley-fuzz-live")).messagesPer3s(0).loginsPerSecond(1000).build())
                .start()) {
            for (int i = 0; i < cases; i++) {
                long seed = base + i;
                List<java.util.concurrent.Future<byte[]>> twins = new ArrayList<>();
                for (int which = 0; which < 2; which++) {
                    int w = which;
                    twins.add(pool.submit(() -> twin(pool, live.port(), new Random(seed * 31 + w))));
                }
                for (java.util.concurrent.Future<byte[]> twin : twins) {
                    byte[] written;
                    try {
                        written = twin.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new AssertionError("concurrent case failed; reproduce with -Dparley.fuzz.seed=" + seed, e);
                    }
                    for (ServerFrame f : parseAll(written)) {
                        if (f.hasSessionAborted()) {
                            assertThat(f.getSessionAborted().getCode()).as("seed %d", seed)
                                    .isNotEqualTo(DisconnectCode.PROTOCOL_ERROR);
                        }
                    }
                }
            }
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", live.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(delimited(List.of(login(7, "after-the-storm"))));
                assertThat(readUntil(s, f -> f.getRequestId() == 7)).anyMatch(f -> f.getRequestId() == 7
                        && f.getStatus().getCode() == ErrorCode.OK);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One twin: logs in as "twin", sends random frames, ends with a ping; returns what the server wrote. */
    private static byte[] twin(java.util.concurrent.ExecutorService pool, int port, Random r) throws Exception {
        List<ClientFrame> frames = new ArrayList<>();
        frames.add(login(1_000_001, "twin"));
        int n = 1 + r.nextInt(20);
        for (int i = 0; i < n; i++) {
            ClientFrame f = RandomFrames.frame(r);
            if ((f.hasLogin() && f.getLogin().getUserId().equals(RandomFrames.BYSTANDER))
                    || f.getSerializedSize() > FrameLimits.MAX_FRAME_BYTES - 16) {
                continue;
            }
            frames.add(f);
        }
        frames.add(ClientFrame.newBuilder().setRequestId(2_000_002)
                .setPing(io.parley.protocol.v1.Ping.getDefaultInstance()).build());
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            byte[] out = delimited(frames);
            java.util.concurrent.Future<?> writing = pool.submit(() -> {
                try {
                    s.getOutputStream().write(out);
                } catch (IOException closedByServer) {
                    // a remote login or an error closed it: what was written so far is checked
                }
                return null;
            });
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            readUntil(s, f -> f.getRequestId() == 2_000_002, written);
            writing.get(15, java.util.concurrent.TimeUnit.SECONDS);
            return written.toByteArray();
        }
    }

    private static List<ServerFrame> readUntil(java.net.Socket s, java.util.function.Predicate<ServerFrame> last)
            throws IOException {
        return readUntil(s, last, new ByteArrayOutputStream());
    }

    /** Reads frames until one matches {@code last} or the server closes; everything read goes to {@code into}. */
    private static List<ServerFrame> readUntil(java.net.Socket s, java.util.function.Predicate<ServerFrame> last,
                                               ByteArrayOutputStream into) throws IOException {
        byte[] buf = new byte[16 * 1024];
        java.io.InputStream in = s.getInputStream();
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (java.net.SocketException reset) {
                n = -1;
            }
            if (n < 0) {
                return parseAll(completeFrames(into.toByteArray()));
            }
            into.write(buf, 0, n);
            List<ServerFrame> frames = parseAll(completeFrames(into.toByteArray()));
            if (frames.stream().anyMatch(last)) {
                return frames;
            }
        }
    }

    /** The prefix of {@code bytes} that holds whole frames. */
    private static byte[] completeFrames(byte[] bytes) {
        int at = 0;
        while (at < bytes.length) {
            int length = 0;
            int shift = 0;
            int i = at;
            while (i < bytes.length) {
                byte b = bytes[i++];
                length |= (b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
                if (i == bytes.length) {
                    return java.util.Arrays.copyOf(bytes, at);
                }
            }
            if (i > bytes.length || i + length > bytes.length) {
                break;
            }
            at = i + length;
        }
        return java.util.Arrays.copyOf(bytes, at);
    }

    interface Case {
        void run(long seed, Random r) throws Exception;
    }

    /** Runs the configured number of cases, each from its own seed; a failure names the seed. */
    private static void forEachCase(Case c) {
        int tries = Integer.getInteger("parley.fuzz.tries", DEFAULT_TRIES);
        String seedProperty = System.getProperty("parley.fuzz.seed", String.valueOf(DEFAULT_SEED));
        long base = seedProperty.equals("random") ? System.nanoTime() : Long.parseLong(seedProperty);
        for (int i = 0; i < tries; i++) {
            long seed = base + i;
            try {
                c.run(seed, new Random(seed));
            } catch (Throwable t) {
                throw new AssertionError("fuzz case failed; reproduce with -Dparley.fuzz.seed=" + seed
                        + " -Dparley.fuzz.tries=1", t);
            }
        }
    }

    private void arbitraryBytes(List<byte[]> chunks) throws Exception {
        EmbeddedChannel ch = channel();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            assertThatCode(() -> ch.writeInbound(Unpooled.wrappedBuffer(chunk))).doesNotThrowAnyException();
            ch.runPendingTasks();
            assertThatCode(ch::checkException).doesNotThrowAnyException();
            drain(ch, written);
            if (!ch.isActive()) {
                break;
            }
        }
        List<ServerFrame> frames = parseAll(written.toByteArray());
        if (!ch.isActive() && !frames.isEmpty()) {
            ServerFrame last = frames.get(frames.size() - 1);
            assertThat(last.hasSessionAborted()).as("a close is explained").isTrue();
            assertThat(last.getSessionAborted().getCode()).isEqualTo(DisconnectCode.PROTOCOL_ERROR);
        }
        close(ch);
        assertBystanderUntouched();
    }

    private void randomFrames(Script script) throws Exception {
        EmbeddedChannel ch = channel();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        byte[] all = delimited(script.frames);
        Random r = new Random(script.seed);
        int at = 0;
        while (at < all.length && ch.isActive()) { // random chunking exercises the framer's boundaries
            int n = Math.min(all.length - at, 1 + r.nextInt(r.nextBoolean() ? 8 : 4096));
            ch.writeInbound(Unpooled.wrappedBuffer(all, at, n));
            at += n;
            ch.runPendingTasks();
            assertThatCode(ch::checkException).doesNotThrowAnyException();
            drain(ch, written);
        }
        List<ServerFrame> frames = parseAll(written.toByteArray());
        Set<Integer> sent = new HashSet<>();
        script.frames.forEach(f -> sent.add(f.getRequestId()));
        for (ServerFrame f : frames) {
            if (f.getRequestId() != 0) {
                assertThat(sent).as("replies carry a request id the client used").contains(f.getRequestId());
            }
            if (f.hasSessionAborted()) {
                assertThat(f.getSessionAborted().getCode()).as("well-formed frames never break the protocol")
                        .isNotEqualTo(DisconnectCode.PROTOCOL_ERROR);
            }
        }
        if (!script.loginFirst) {
            for (ServerFrame f : frames) {
                boolean replyToPreLogin = f.getRequestId() != 0 && script.frames.stream()
                        .filter(c -> c.getRequestId() == f.getRequestId())
                        .allMatch(c -> !c.hasLogin() && !c.hasPing());
                if (replyToPreLogin && !frames.isEmpty() && frames.stream().noneMatch(x -> x.hasLoginReply())) {
                    assertThat(f.getStatus().getCode()).as("frames before login").isEqualTo(ErrorCode.NOT_LOGGED_IN);
                }
            }
        }
        close(ch);
        assertBystanderUntouched();
    }

    /** A frame sequence: optionally a valid login first, then random frames. */
    record Script(boolean loginFirst, long seed, List<ClientFrame> frames) {
        @Override
        public String toString() {
            return "Script[login=" + loginFirst + ", seed=" + seed + ", " + frames.size() + " frames]";
        }
    }

    /** 1-6 chunks: random bytes, huge or malformed varints, truncated frames. */
    private static List<byte[]> chunks(Random r) {
        List<byte[]> out = new ArrayList<>();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            if (kind < 6) {
                byte[] b = new byte[r.nextInt(2049)];
                r.nextBytes(b);
                out.add(b);
            } else if (kind < 8) {
                byte[][] varints = {
                        {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
                        {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01},
                        {(byte) 0x81, (byte) 0x80, 0x08}, {0}};
                out.add(varints[r.nextInt(varints.length)]);
            } else {
                byte[] whole = delimited(List.of(RandomFrames.frame(r)));
                out.add(java.util.Arrays.copyOf(whole, Math.max(1, r.nextInt(whole.length))));
            }
        }
        return out;
    }

    /** Optionally a valid login, then 1-12 random well-formed frames (never logging in as the bystander). */
    private static Script script(long seed, Random r) {
        boolean loginFirst = r.nextInt(4) != 0;
        List<ClientFrame> frames = new ArrayList<>();
        if (loginFirst) {
            frames.add(login(1_000_001, "fuzz-" + r.nextInt(50)));
        }
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            ClientFrame f = RandomFrames.frame(r);
            if (f.hasLogin() && f.getLogin().getUserId().equals(RandomFrames.BYSTANDER)) {
                continue; // logging in as the bystander replaces it: RTM's remote login, not an attack
            }
            if (f.getSerializedSize() > io.parley.protocol.FrameLimits.MAX_FRAME_BYTES - 16) {
                continue; // oversize frames are the bytes property's business
            }
            if (!loginFirst && f.getSerializedSize() > io.parley.protocol.FrameLimits.MAX_PRE_LOGIN_FRAME_BYTES - 16) {
                continue; // likewise frames over the pre-login limit before a login
            }
            frames.add(f);
        }
        return new Script(loginFirst, seed, frames);
    }

    private static void assertBystanderUntouched() {
        Session s = server.sessions().get("fuzz-app", RandomFrames.BYSTANDER);
        assertThat(s).as("bystander session").isNotNull();
        assertThat(s.id()).isEqualTo(bystanderSession);
        assertThat(bystander.isActive()).isTrue();
        bystander.runPendingTasks();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        drain(bystander, out);
        for (ServerFrame f : parseAll(out.toByteArray())) {
            assertThat(f.hasSessionAborted()).as("bystander never aborted").isFalse();
            if (f.hasPeerMessage()) { // fuzzed sessions may message it; they cannot speak as someone else
                assertThat(f.getPeerMessage().getFromUserId()).isNotEqualTo(RandomFrames.BYSTANDER);
            }
        }
    }

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new ClientChannelInitializer(server.dispatcher(), 60_000));
    }

    private static void close(EmbeddedChannel ch) {
        ch.close();
        ch.runPendingTasks();
        ch.finishAndReleaseAll();
    }

    private static ClientFrame login(int requestId, String user) {
        return ClientFrame.newBuilder().setRequestId(requestId)
                .setLogin(Login.newBuilder().setAppId("fuzz-app").setUserId(user)).build();
    }

    private static List<ServerFrame> exchange(EmbeddedChannel ch, byte[] in) {
        ch.writeInbound(Unpooled.wrappedBuffer(in));
        ch.runPendingTasks();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        drain(ch, out);
        return parseAll(out.toByteArray());
    }

    private static void drain(EmbeddedChannel ch, ByteArrayOutputStream into) {
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            into.writeBytes(bytes);
        }
    }

    /** Every frame the server wrote, each checked to be within the client's frame limit. */
    static List<ServerFrame> parseAll(byte[] bytes) {
        List<ServerFrame> out = new ArrayList<>();
        com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(bytes);
        in.setSizeLimit(Integer.MAX_VALUE);
        try {
            while (!in.isAtEnd()) {
                int length = in.readRawVarint32();
                assertThat(length).as("a frame the server wrote").isBetween(0, FrameLimits.MAX_FRAME_BYTES);
                out.add(ServerFrame.parseFrom(in.readRawBytes(length)));
            }
        } catch (IOException e) {
            throw new AssertionError("the server wrote something that is not a frame", e);
        }
        return out;
    }

    private static byte[] delimited(List<ClientFrame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (ClientFrame f : frames) {
                f.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
