package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.it.support.Servers;
import io.parley.it.support.WsClient;
import io.parley.server.ParleyServer;
import io.parley.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP port holds at most one request's worth of the server per connection: one request in
 * flight, pipelined ones answered in order (a burst past the queue closes the connection), idle
 * and body timeouts, a connection cap that WebSocket clients do not count against, and admin
 * credentials checked before a body is read. Raw sockets, so nothing in between buffers for us.
 */
class HttpPortIT {
    private static final String APP = "http-port-app";
    private static final String SECRET = "http-port-admin-secret-1";
    private ParleyServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(ServerConfig.Builder b) {
        server = Servers.start(b.app(APP).adminSecret(SECRET).build());
    }

    private Socket open() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.httpPort());
        s.setSoTimeout(10_000);
        sockets.add(s);
        return s;
    }

    /** Everything the server sends until it closes the connection (or {@code quietMillis} of silence). */
    private static String readAll(Socket s, int quietMillis) throws IOException {
        s.setSoTimeout(quietMillis);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            // the server stopped talking but kept the connection
        } catch (IOException reset) {
            // closed with unread input: a reset
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean closedByServer(Socket s, int withinMillis) throws IOException {
        s.setSoTimeout(withinMillis);
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // drain whatever came before the close
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private double metric(String name, String label) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(label) + "[^}]*\\} ([0-9.eE+-]+)$")
                .matcher(r.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void pipelinedRequests_areAnsweredInOrder_oneAtATime() throws Exception {
        start(Servers.config());
        Socket s = open();
        StringBuilder burst = new StringBuilder();
        String[] paths = {"/health", "/ready", "/nope", "/health", "/ready"};
        for (String p : paths) {
            burst.append("GET ").append(p).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        s.getOutputStream().write(burst.toString().getBytes(StandardCharsets.US_ASCII));
        String all = readAll(s, 1_500);
        List<String> bodies = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"(status|code)\":[^}]*\\}").matcher(all);
        while (m.find()) {
            bodies.add(m.group());
        }
        assertThat(bodies).containsExactly("{\"status\":\"UP\"}", "{\"status\":\"READY\"}",
                "{\"code\":404,\"message\":\"not found\"}", "{\"status\":\"UP\"}", "{\"status\":\"READY\"}");
    }

    @Test
    void aPipelinedFlood_fromAClientThatDoesNotRead_isCutOff_insteadOfBuffered() throws Exception {
        start(Servers.config());
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.httpPort()));
        sockets.add(s);
        byte[] one = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < 2_000; i++) {
            flood.write(one);
        }
        try {
            s.getOutputStream().write(flood.toByteArray());
        } catch (IOException reset) {
            // the server may already have closed
        }
        // without reading a byte: the server answers while the socket takes answers, then stops
        // reading, and closes once the requests waiting behind the unwritten answer pass the cap
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> metric("parley_http_refused_total", "reason=\"pipelining\"") >= 1);
        String answered = readAll(s, 5_000);
        assertThat(count(answered, "HTTP/1.1 200")).as("answers before the cut").isLessThan(2_000);
    }

    @Test
    void idleConnections_andStalledHeads_areClosed() throws Exception {
        start(Servers.config().httpIdleTimeout(Duration.ofMillis(400)));
        Socket silent = open();
        assertThat(closedByServer(silent, 5_000)).as("no request at all").isTrue();

        Socket stalled = open();
        stalled.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(closedByServer(stalled, 5_000)).as("a head that never ends").isTrue();

        Socket kept = open();
        kept.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        kept.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        String got = readAll(kept, 5_000);
        assertThat(got).contains("{\"status\":\"UP\"}");
        assertThat(closedByServer(kept, 5_000)).as("idle again after an answer").isTrue();
        assertThat(metric("parley_http_refused_total", "reason=\"idle_timeout\"")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aBodyThatDoesNotArrive_closesTheConnection() throws Exception {
        start(Servers.config().httpBodyTimeout(Duration.ofMillis(400)));
        Socket s = open();
        s.getOutputStream().write(("POST /api/v1/apps/" + APP + "/users/u1/peer_messages HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + SECRET + "\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
                + "{\"from\":").getBytes(StandardCharsets.US_ASCII));
        assertThat(closedByServer(s, 5_000)).isTrue();
        assertThat(metric("parley_http_refused_total", "reason=\"body_timeout\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void adminCalls_withoutValidCredentials_areRefusedBeforeTheBody() throws Exception {
        start(Servers.config());
        for (String auth : new String[] {"", "Authorization: Bearer wrong-secret-0123456789\r\n"}) {
            Socket s = open();
            // a 200 KB body is announced and never sent: the answer must not wait for it
            s.getOutputStream().write(("POST /api/v1/apps/" + APP + "/users/u1/peer_messages HTTP/1.1\r\nHost: x\r\n"
                    + auth + "Content-Type: application/json\r\nContent-Length: 200000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(s, 5_000);
            assertThat(answer).startsWith("HTTP/1.1 401").contains("UNAUTHORIZED").containsIgnoringCase("connection: close");
        }
        Socket get = open();
        get.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(readAll(get, 5_000)).startsWith("HTTP/1.1 405");
        assertThat(metric("parley_http_refused_total", "reason=\"unauthorized\"")).isEqualTo(2);

        // with valid credentials the same call is read and answered by the API
        HttpResponse<String> ok = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.httpPort() + "/api/v1/apps/" + APP + "/users/nobody/online"))
                .header("Authorization", "Bearer " + SECRET).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isNotEqualTo(401);
    }

    @Test
    void theConnectionCap_refusesWith503_andWebSocketClientsDoNotCountAgainstIt() throws Exception {
        start(Servers.config().httpMaxConnections(2));
        List<WsClient> ws = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ws.add(WsClient.connect(server.httpPort()));
            }
            Socket a = open();
            Socket b = open();
            a.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            b.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(a, 1_000)).contains("{\"status\":\"UP\"}");
            assertThat(readAll(b, 1_000)).contains("{\"status\":\"UP\"}");

            Socket third = open();
            assertThat(readAll(third, 5_000)).startsWith("HTTP/1.1 503");

            a.close();
            // the slot comes back when the connection closes
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (Socket again = new Socket(InetAddress.getLoopbackAddress(), server.httpPort())) {
                    again.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    return readAll(again, 2_000).contains("{\"status\":\"UP\"}");
                }
            });
        } finally {
            for (WsClient c : ws) {
                c.close();
            }
        }
    }

    @Test
    void failedAdminAuthentications_areThrottledPerAddress() throws Exception {
        start(Servers.config().adminAuthFailuresPerMinute(3));
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/apps/" + APP + "/users/u1/online");
        for (int i = 0; i < 3; i++) {
            assertThat(http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer guess-" + i).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + SECRET)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(blocked.statusCode()).as("even the right secret, for the rest of the minute").isEqualTo(429);
        assertThat(blocked.body()).contains("TOO_MANY_FAILED_AUTHENTICATIONS");
        assertThat(metric("parley_http_refused_total", "reason=\"auth_throttled\"")).isEqualTo(1);
    }

    /**
     * A client that sends all of a body the server answered early (413 past 256 KB, 401 before an
     * admin body) gets that answer: the server drops the rest of the body instead of closing with it
     * unread, which resets the connection and can destroy the answer before the client reads it.
     * 16 MB is more than the loopback socket buffers hold, so a server that closed at once would fail
     * the upload itself.
     */
    @Test
    void aBodyAnsweredBeforeItIsRead_canStillBeSentWhole_andTheAnswerArrives() throws Exception {
        start(Servers.config());
        String call = "POST /api/v1/apps/" + APP + "/users/u1/peer_messages HTTP/1.1\r\nHost: x\r\n";
        Map<String, String> answers = Map.of(call + "Authorization: Bearer " + SECRET + "\r\n", "HTTP/1.1 413",
                call, "HTTP/1.1 401");
        for (Map.Entry<String, String> e : answers.entrySet()) {
            Socket s = open();
            int size = 16 * 1024 * 1024;
            s.getOutputStream().write((e.getKey() + "Content-Type: application/json\r\nContent-Length: " + size
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            for (int sent = 0; sent < size; sent += chunk.length) {
                s.getOutputStream().write(chunk); // throws if the server reset the connection
            }
            s.shutdownOutput();
            assertThat(readAll(s, 5_000)).startsWith(e.getValue());
        }
    }
}
