package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.it.support.TcpProxy;
import io.parley.rtm.RtmAttribute;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmStatusCode.AttributeOperationError;
import io.parley.rtm.RtmStatusCode.ConnectionChangeReason;
import io.parley.rtm.RtmStatusCode.ConnectionState;
import io.parley.server.ParleyServer;
import io.parley.server.config.ServerConfig;
import io.parley.server.ratelimit.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserAttributesIT {
    private static final String APP = "attr-app";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ParleyServer server;
    private final List<RtmClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(RtmClient::release);
        if (server != null) {
            server.close();
        }
    }

    private void start(ServerConfig.Builder b) {
        server = Servers.start(b.app(APP).app("other-app").build());
    }

    private RtmClient login(String app, String user, StateRecorder rec, String endpoint) {
        RtmClient c = Servers.client(app, rec, Servers.clientConfig(endpoint).build());
        clients.add(c);
        Result<Void> r = new Result<>();
        c.login(null, user, r);
        assertThat(r.await()).isZero();
        return c;
    }

    private RtmClient login(String user) {
        return login(APP, user, new StateRecorder(), "127.0.0.1:" + server.port());
    }

    private static int call(Consumer<Result<Void>> op) {
        Result<Void> r = new Result<>();
        op.accept(r);
        return r.await();
    }

    private static Result<List<RtmAttribute>> get(RtmClient c, String user) {
        Result<List<RtmAttribute>> r = new Result<>();
        c.getUserAttributes(user, r);
        r.await();
        return r;
    }

    private static List<String> pairs(Result<List<RtmAttribute>> r) {
        return r.value().stream().map(a -> a.getKey() + "=" + a.getValue()).toList();
    }

    private static List<RtmAttribute> attrs(int n, int valueBytes) {
        return IntStream.range(0, n).mapToObj(i -> new RtmAttribute("k" + i, "v".repeat(valueBytes))).toList();
    }

    @Test
    void allSixOperations_roundTripBetweenClients() {
        start(Servers.config());
        RtmClient alice = login("alice");
        RtmClient bob = login("bob");
        assertThat(call(r -> alice.setLocalUserAttributes(List.of(new RtmAttribute("a", "1"), new RtmAttribute("b", "2")), r))).isZero();
        assertThat(pairs(get(bob, "alice"))).containsExactly("a=1", "b=2");
        assertThat(call(r -> alice.addOrUpdateLocalUserAttributes(List.of(new RtmAttribute("b", "3"), new RtmAttribute("c", "4")), r))).isZero();
        assertThat(pairs(get(bob, "alice"))).containsExactly("a=1", "b=3", "c=4");
        assertThat(call(r -> alice.deleteLocalUserAttributesByKeys(List.of("a", "missing"), r))).isZero();
        Result<List<RtmAttribute>> byKeys = new Result<>();
        bob.getUserAttributesByKeys("alice", List.of("c", "nope"), byKeys);
        assertThat(byKeys.await()).isZero();
        assertThat(pairs(byKeys)).containsExactly("c=4");
        assertThat(call(alice::clearLocalUserAttributes)).isZero();
        assertThat(get(bob, "alice").value()).isEmpty();
        assertThat(call(r -> alice.setLocalUserAttributes(List.of(new RtmAttribute("x", "y")), r))).isZero();
        assertThat(call(r -> alice.setLocalUserAttributes(List.of(new RtmAttribute("z", "w")), r))).isZero();
        assertThat(pairs(get(bob, "alice"))).as("set replaces everything").containsExactly("z=w");
    }

    @Test
    void limits_atTheirExactBoundaries() {
        start(Servers.config().rateLimit(Operation.USER_ATTRIBUTE_WRITE, 0));
        RtmClient alice = login("alice");
        int overflow = AttributeOperationError.ATTRIBUTE_OPERATION_ERR_SIZE_OVERFLOW;
        int invalid = AttributeOperationError.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT;
        assertThat(call(r -> alice.setLocalUserAttributes(attrs(32, 1), r))).isZero();
        assertThat(call(r -> alice.setLocalUserAttributes(attrs(33, 1), r))).isEqualTo(overflow);
        assertThat(call(r -> alice.addOrUpdateLocalUserAttributes(List.of(new RtmAttribute("extra", "1")), r))).isEqualTo(overflow);
        assertThat(call(r -> alice.setLocalUserAttributes(List.of(new RtmAttribute("k", "v".repeat(8192))), r))).isZero();
        assertThat(call(r -> alice.setLocalUserAttributes(List.of(new RtmAttribute("k", "v".repeat(8193))), r))).isEqualTo(overflow);
        // total 16 KB: two 8,000-byte values plus keys fit; a third does not
        List<RtmAttribute> two = List.of(new RtmAttribute("a", "v".repeat(8000)), new RtmAttribute("b", "v".repeat(8000)));
        assertThat(call(r -> alice.setLocalUserAttributes(two, r))).isZero();
        // 1 + 8000 + 1 + 8000 + 1 + 382 = 16,385 bytes: one over; 381 makes exactly 16,384
        assertThat(call(r -> alice.addOrUpdateLocalUserAttributes(List.of(new RtmAttribute("c", "v".repeat(382))), r))).isEqualTo(overflow);
        assertThat(call(r -> alice.addOrUpdateLocalUserAttributes(List.of(new RtmAttribute("c", "v".repeat(381))), r))).isZero();
        // keys: 32 bytes ok, 33 not; visible ASCII only; empty value invalid
        assertThat(call(r -> alice.setLocalUserAttributes(List.of(new RtmAttribute("k".repeat(32), "v")), r))).isZero();
        assertThat(call(r -> alice.setLocalUserAttributes(List.of(new RtmAttribute("k".repeat(33), "v")), r))).isEqualTo(invalid);
        assertThat(call(r -> alice.setLocalUserAttributes(List.of(new RtmAttribute("has space", "v")), r))).isEqualTo(invalid);
        assertThat(call(r -> alice.setLocalUserAttributes(List.of(new RtmAttribute("", "v")), r))).isEqualTo(invalid);
        assertThat(call(r -> alice.setLocalUserAttributes(List.of(new RtmAttribute("k", "")), r))).isEqualTo(invalid);
        assertThat(call(r -> alice.deleteLocalUserAttributesByKeys(List.of(), r))).isEqualTo(invalid);
        // a rejected write changed nothing
        assertThat(pairs(get(alice, "alice"))).containsExactly("k".repeat(32) + "=v");
    }

    @Test
    void readingAnOfflineUser_isUserNotFound_andAppsAreIsolated() {
        start(Servers.config());
        RtmClient alice = login("alice");
        login("other-app", "bob", new StateRecorder(), "127.0.0.1:" + server.port());
        assertThat(get(alice, "nobody").await()).isEqualTo(AttributeOperationError.ATTRIBUTE_OPERATION_ERR_USER_NOT_FOUND);
        assertThat(get(alice, "bob").await()).isEqualTo(AttributeOperationError.ATTRIBUTE_OPERATION_ERR_USER_NOT_FOUND);
        RtmClient loggedOut = Servers.client(APP, new StateRecorder(), Servers.clientConfig("127.0.0.1:" + server.port()).build());
        clients.add(loggedOut);
        assertThat(get(loggedOut, "alice").await()).isEqualTo(AttributeOperationError.ATTRIBUTE_OPERATION_ERR_USER_NOT_LOGGED_IN);
    }

    @Test
    void rateLimits_areTooOften() {
        start(Servers.config().rateLimit(Operation.USER_ATTRIBUTE_WRITE, 1).rateLimit(Operation.USER_ATTRIBUTE_READ, 1));
        RtmClient alice = login("alice");
        assertThat(call(alice::clearLocalUserAttributes)).isZero();
        assertThat(call(alice::clearLocalUserAttributes)).isEqualTo(AttributeOperationError.ATTRIBUTE_OPERATION_ERR_TOO_OFTEN);
        assertThat(get(alice, "alice").await()).isZero();
        assertThat(get(alice, "alice").await()).isEqualTo(AttributeOperationError.ATTRIBUTE_OPERATION_ERR_TOO_OFTEN);
    }

    @Test
    void attributes_keptAcrossResume_restoredAfterAFreshSession_clearedAtLogout() throws Exception {
        start(Servers.config());
        int port = server.port();
        TcpProxy proxy = new TcpProxy(port);
        try {
            StateRecorder rec = new StateRecorder();
            RtmClient alice = login(APP, "alice", rec, proxy.endpoint());
            RtmClient bob = login("bob");
            assertThat(call(r -> alice.setLocalUserAttributes(List.of(new RtmAttribute("mood", "happy")), r))).isZero();

            int mark = rec.changes.size();
            proxy.cutAll(); // resume within the window: same session, same attributes
            rec.awaitSeen(mark, ConnectionState.CONNECTION_STATE_RECONNECTING,
                    ConnectionChangeReason.CONNECTION_CHANGE_REASON_INTERRUPTED, WAIT);
            rec.awaitLast(ConnectionState.CONNECTION_STATE_CONNECTED, ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_SUCCESS, WAIT);
            assertThat(pairs(get(bob, "alice"))).containsExactly("mood=happy");

            mark = rec.changes.size();
            server.close(); // a fresh server: the SDK puts the attributes back
            rec.awaitSeen(mark, ConnectionState.CONNECTION_STATE_RECONNECTING,
                    ConnectionChangeReason.CONNECTION_CHANGE_REASON_INTERRUPTED, WAIT);
            start(Servers.config().port(port));
            rec.awaitLast(ConnectionState.CONNECTION_STATE_CONNECTED, ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_SUCCESS, WAIT);
            RtmClient carol = login("carol");
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
                Result<List<RtmAttribute>> r = get(carol, "alice");
                return r.value() != null && pairs(r).equals(List.of("mood=happy"));
            });

            assertThat(call(alice::logout)).isZero();
            assertThat(call(r -> alice.login(null, "alice", r))).isZero();
            assertThat(get(carol, "alice").value()).as("cleared at logout").isEmpty();
        } finally {
            proxy.close();
        }
    }
}
