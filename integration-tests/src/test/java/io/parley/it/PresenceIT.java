package io.parley.it;

import static io.parley.rtm.PeerOnlineState.OFFLINE;
import static io.parley.rtm.PeerOnlineState.ONLINE;
import static io.parley.rtm.PeerOnlineState.UNREACHABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.PresenceRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.TcpProxy;
import io.parley.rtm.PeerSubscriptionOption;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmStatusCode.ConnectionChangeReason;
import io.parley.rtm.RtmStatusCode.ConnectionState;
import io.parley.rtm.RtmStatusCode.PeerSubscriptionStatusError;
import io.parley.rtm.RtmStatusCode.QueryPeersBySubscriptionOptionError;
import io.parley.rtm.RtmStatusCode.QueryPeersOnlineStatusError;
import io.parley.server.ParleyServer;
import io.parley.server.config.ServerConfig;
import io.parley.server.ratelimit.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PresenceIT {
    private static final String APP = "presence-app";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ParleyServer server;
    private TcpProxy proxy;
    private final List<RtmClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(RtmClient::release);
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(ServerConfig.Builder b) {
        server = Servers.start(b.app(APP).app("other-app").build());
    }

    private RtmClient client(String app, PresenceRecorder rec, String endpoint) {
        RtmClient c = Servers.client(app, rec, Servers.clientConfig(endpoint)
                .heartbeatInterval(300, TimeUnit.MILLISECONDS).connectionLostAfter(1500, TimeUnit.MILLISECONDS).build());
        clients.add(c);
        return c;
    }

    private RtmClient login(String user, PresenceRecorder rec) {
        return login(APP, user, rec, "127.0.0.1:" + server.port());
    }

    private RtmClient login(String app, String user, PresenceRecorder rec, String endpoint) {
        RtmClient c = client(app, rec, endpoint);
        Result<Void> r = new Result<>();
        c.login(null, user, r);
        assertThat(r.await()).isZero();
        return c;
    }

    private static int subscribe(RtmClient c, String... ids) {
        Result<Void> r = new Result<>();
        c.subscribePeersOnlineStatus(new LinkedHashSet<>(List.of(ids)), r);
        return r.await();
    }

    private static Result<Map<String, Boolean>> query(RtmClient c, Set<String> ids) {
        Result<Map<String, Boolean>> r = new Result<>();
        c.queryPeersOnlineStatus(ids, r);
        r.await();
        return r;
    }

    private static Set<String> ids(int n, String prefix) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Test
    void query_answersInTheCallersOrder_andRejectsBadInput() {
        start(Servers.config());
        RtmClient alice = login("alice", new PresenceRecorder());
        login("bob", new PresenceRecorder());
        Result<Map<String, Boolean>> r = query(alice, new LinkedHashSet<>(List.of("zed", "bob", "alice")));
        assertThat(r.await()).isZero();
        assertThat(new ArrayList<>(r.value().entrySet())).extracting(Map.Entry::getKey).containsExactly("zed", "bob", "alice");
        assertThat(r.value()).containsEntry("zed", false).containsEntry("bob", true).containsEntry("alice", true);

        assertThat(query(alice, Set.of()).await()).isEqualTo(QueryPeersOnlineStatusError.QUERY_PEERS_ONLINE_STATUS_ERR_INVALID_ARGUMENT);
        assertThat(query(alice, ids(257, "u")).await()).isEqualTo(QueryPeersOnlineStatusError.QUERY_PEERS_ONLINE_STATUS_ERR_INVALID_ARGUMENT);
        assertThat(query(alice, Set.of("bad/id")).await()).isEqualTo(QueryPeersOnlineStatusError.QUERY_PEERS_ONLINE_STATUS_ERR_INVALID_ARGUMENT);
        assertThat(query(alice, ids(256, "u")).await()).isZero();
    }

    @Test
    void subscriber_seesCurrentStateFirst_thenOnlineUnreachableOfflineAsTheyHappen() throws Exception {
        start(Servers.config().unreachableAfter(Duration.ofMillis(700)).sessionTimeout(Duration.ofMillis(2500)));
        proxy = new TcpProxy(server.port());
        PresenceRecorder watcher = new PresenceRecorder();
        RtmClient alice = login("alice", watcher);

        assertThat(subscribe(alice, "bob", "carol")).isZero();
        await().atMost(WAIT).until(() -> watcher.events.size() == 1);
        assertThat(watcher.events.get(0)).containsExactly(Map.entry("bob", OFFLINE), Map.entry("carol", OFFLINE));

        RtmClient bob = login(APP, "bob", new PresenceRecorder(), proxy.endpoint());
        await().atMost(WAIT).until(() -> Integer.valueOf(ONLINE).equals(watcher.latest("bob")));
        assertThat(watcher.events.get(1)).containsOnlyKeys("bob"); // only the changed id

        proxy.setFrozen(true); // bob's packets stop reaching the server
        await().atMost(WAIT).until(() -> Integer.valueOf(UNREACHABLE).equals(watcher.latest("bob")));
        assertThat(query(alice, Set.of("bob")).value()).containsEntry("bob", true); // a query still says online
        proxy.setRefusing(true);
        await().atMost(WAIT).until(() -> Integer.valueOf(OFFLINE).equals(watcher.latest("bob")));

        login("carol", new PresenceRecorder()).logout(null);
        await().atMost(WAIT).until(() -> watcher.events.stream().filter(e -> e.containsKey("carol")).count() == 3);
        assertThat(watcher.latest("carol")).isEqualTo(OFFLINE);
        assertThat(bob).isNotNull();
    }

    @Test
    void subscriptionLimits_perCallAndInTotal() {
        start(Servers.config().rateLimit(Operation.PRESENCE_SUBSCRIBE, 0));
        RtmClient alice = login("alice", new PresenceRecorder());
        Result<Void> r = new Result<>();
        alice.subscribePeersOnlineStatus(ids(513, "a"), r);
        assertThat(r.await()).isEqualTo(PeerSubscriptionStatusError.PEER_SUBSCRIPTION_STATUS_ERR_INVALID_ARGUMENT);
        Result<Void> first = new Result<>();
        alice.subscribePeersOnlineStatus(ids(300, "a"), first);
        assertThat(first.await()).isZero();
        Result<Void> second = new Result<>();
        alice.subscribePeersOnlineStatus(ids(212, "b"), second);
        assertThat(second.await()).isZero();
        Result<Void> third = new Result<>();
        alice.subscribePeersOnlineStatus(Set.of("one-too-many"), third);
        assertThat(third.await()).isEqualTo(PeerSubscriptionStatusError.PEER_SUBSCRIPTION_STATUS_ERR_OVERFLOW);
        Result<Set<String>> subscribed = new Result<>();
        alice.queryPeersBySubscriptionOption(PeerSubscriptionOption.ONLINE, subscribed);
        assertThat(subscribed.await()).isZero();
        assertThat(subscribed.value()).hasSize(512);
    }

    @Test
    void rateLimits_answerTheirTooOftenCodes() {
        start(Servers.config().rateLimit(Operation.PRESENCE_SUBSCRIBE, 2).rateLimit(Operation.PRESENCE_QUERY, 1)
                .rateLimit(Operation.PRESENCE_OPTION_QUERY, 1));
        RtmClient alice = login("alice", new PresenceRecorder());
        assertThat(subscribe(alice, "x")).isZero();
        Result<Void> unsub = new Result<>();
        alice.unsubscribePeersOnlineStatus(Set.of("x"), unsub);
        assertThat(unsub.await()).isZero();
        assertThat(subscribe(alice, "y")).isEqualTo(PeerSubscriptionStatusError.PEER_SUBSCRIPTION_STATUS_ERR_TOO_OFTEN);
        assertThat(query(alice, Set.of("x")).await()).isZero();
        assertThat(query(alice, Set.of("x")).await()).isEqualTo(QueryPeersOnlineStatusError.QUERY_PEERS_ONLINE_STATUS_ERR_TOO_OFTEN);
        Result<Set<String>> a = new Result<>();
        alice.queryPeersBySubscriptionOption(PeerSubscriptionOption.ONLINE, a);
        assertThat(a.await()).isZero();
        Result<Set<String>> b = new Result<>();
        alice.queryPeersBySubscriptionOption(PeerSubscriptionOption.ONLINE, b);
        assertThat(b.await()).isEqualTo(QueryPeersBySubscriptionOptionError.QUERY_PEERS_BY_SUBSCRIPTION_OPTION_ERR_TOO_OFTEN);
    }

    @Test
    void subscriptions_surviveTheSubscribersReconnect_andMissedChangesAreReported() {
        start(Servers.config());
        int port = server.port();
        PresenceRecorder watcher = new PresenceRecorder();
        RtmClient alice = login("alice", watcher);
        RtmClient bob = login("bob", new PresenceRecorder());
        assertThat(subscribe(alice, "bob")).isZero();
        await().atMost(WAIT).until(() -> Integer.valueOf(ONLINE).equals(watcher.latest("bob")));

        // the server restarts: alice and bob both reconnect; only alice comes back (bob logs out meanwhile)
        bob.logout(null);
        int mark = watcher.changes.size();
        server.close();
        watcher.awaitSeen(mark, ConnectionState.CONNECTION_STATE_RECONNECTING,
                ConnectionChangeReason.CONNECTION_CHANGE_REASON_INTERRUPTED, WAIT);
        start(Servers.config().port(port));
        watcher.awaitLast(ConnectionState.CONNECTION_STATE_CONNECTED,
                ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_SUCCESS, WAIT);

        await().atMost(WAIT).until(() -> Integer.valueOf(OFFLINE).equals(watcher.latest("bob")));
        login("bob", new PresenceRecorder());
        await().atMost(WAIT).until(() -> Integer.valueOf(ONLINE).equals(watcher.latest("bob")));
    }

    @Test
    void subscriptions_areClearedAtLogout_andAppsDoNotSeeEachOther() {
        start(Servers.config());
        PresenceRecorder watcher = new PresenceRecorder();
        RtmClient alice = login("alice", watcher);
        login("other-app", "bob", new PresenceRecorder(), "127.0.0.1:" + server.port());
        assertThat(subscribe(alice, "bob")).isZero();
        await().atMost(WAIT).until(() -> watcher.events.size() == 1);
        assertThat(watcher.events.get(0)).containsEntry("bob", OFFLINE); // bob of another app is not alice's bob
        assertThat(query(alice, Set.of("bob")).value()).containsEntry("bob", false);

        Result<Void> out = new Result<>();
        alice.logout(out);
        assertThat(out.await()).isZero();
        Result<Void> in = new Result<>();
        alice.login(null, "alice", in);
        assertThat(in.await()).isZero();
        Result<Set<String>> subscribed = new Result<>();
        alice.queryPeersBySubscriptionOption(PeerSubscriptionOption.ONLINE, subscribed);
        assertThat(subscribed.await()).isZero();
        assertThat(subscribed.value()).isEmpty();
    }
}
