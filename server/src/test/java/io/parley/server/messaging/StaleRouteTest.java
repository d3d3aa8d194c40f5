package io.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.token.TokenVerifier;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.SendPeerMessage;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.auth.Authenticator;
import io.parley.server.config.ServerConfig;
import io.parley.server.cluster.ClusterPeers;
import io.parley.server.history.MessageArchive;
import io.parley.server.metrics.ParleyMetrics;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.session.FakeConnection;
import io.parley.server.session.FakeTime;
import io.parley.server.session.Session;
import io.parley.server.session.SessionEndReason;
import io.parley.server.session.SessionRegistry;
import io.parley.server.session.SessionService;
import io.parley.server.store.InMemoryOfflineStore;
import io.parley.server.store.StorePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Peer messages across nodes when a node's remembered route is stale: three nodes wired through a
 * fake of the {@link ClusterPeers} seam (a shared directory, a route cache per node, delivery by
 * direct call). A stale route is looked up again, never answered as if the user were offline.
 */
class StaleRouteTest {
    private final FakeTime time = new FakeTime();
    private final InMemoryOfflineStore store = new InMemoryOfflineStore(new StorePolicy(200, Duration.ofDays(7), time::currentTimeMillis));
    private final Map<String, String> directory = new HashMap<>(); // user -> node
    private final Map<String, Node> nodes = new HashMap<>();

    /** One node: its sessions, its messaging service and the routes it remembers. */
    private final class Node implements ClusterPeers {
        final String id;
        final SessionService sessions;
        final PeerMessagingService messaging;
        final Map<String, String> cache = new HashMap<>();
        /** What this node's metrics counted: outcomes, and latencies recorded. */
        final List<String> counted = new ArrayList<>();
        int lookups;
        /** Takes messages handed to it and never reports back (a node that died after taking them). */
        boolean silent;

        Node(String id) {
            this.id = id;
            ServerConfig config = ServerConfig.builder().app("app").build();
            sessions = new SessionService(new Authenticator(config,
                    new TokenVerifier(() -> time.currentTimeMillis() / 1000, true, 300)), new SessionRegistry(), time);
            messaging = new PeerMessagingService(sessions.registry(), store, time,
                    new SessionRateLimits(Map.of(Operation.MESSAGE, 0), time::nanoTime), Duration.ofSeconds(10), 100,
                    MessageArchive.NONE, this);
            sessions.addListener(messaging);
            messaging.metrics(new ParleyMetrics() {
                @Override
                public void peerMessage(Enum<?> outcome) {
                    counted.add(outcome.name());
                }

                @Override
                public void peerDeliveryLatency(long nanos) {
                    counted.add("latency");
                }
            });
            nodes.put(id, this);
        }

        @Override
        public void inbound(Inbound in) {
        }

        /** The user logged in on another node: this node ends the old session, as the kick makes it. */
        void endByRemoteLogin(Session old) {
            sessions.end(old, SessionEndReason.REMOTE_LOGIN, DisconnectCode.REMOTE_LOGIN, "logged in on another node");
        }

        Session login(String user, FakeConnection c) {
            directory.put(user, id);
            return sessions.login(c, "app", user, "", "").session();
        }

        @Override
        public CompletableFuture<String> locate(String appId, String userId) {
            String cached = cache.get(userId);
            if (cached != null) {
                return CompletableFuture.completedFuture(cached);
            }
            lookups++;
            String node = directory.get(userId);
            if (node == null || node.equals(id)) {
                return CompletableFuture.completedFuture(null);
            }
            cache.put(userId, node);
            return CompletableFuture.completedFuture(node);
        }

        @Override
        public CompletableFuture<Boolean> deliver(String node, long originId, String appId, String toUserId, String fromUserId,
                                                  io.parley.protocol.peer.EncodedBody body, long serverReceivedTs,
                                                  boolean offlineAllowed) {
            if (!nodes.get(node).silent) {
                nodes.get(node).messaging.deliverFromNode(id, originId, appId, toUserId, fromUserId, body.bytes(),
                        serverReceivedTs, offlineAllowed);
            }
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void outcome(String originNode, long originId, ErrorCode code, String detail) {
            nodes.get(originNode).messaging.remoteOutcome(originId, code, detail);
        }

        @Override
        public void notHere(String originNode, long originId) {
            nodes.get(originNode).messaging.notHere(originId);
        }

        @Override
        public void stored(String appId, String userId) {
            String node = directory.get(userId);
            if (node != null && !node.equals(id)) {
                nodes.get(node).messaging.storedElsewhere(appId, userId);
            }
        }

        @Override
        public void forget(String appId, String userId) {
            cache.remove(userId);
        }
    }

    private static SendPeerMessage msg(String to, boolean offline) {
        return SendPeerMessage.newBuilder().setPeerId(to).setEnableOfflineMessaging(offline)
                .setBody(MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("hi")).build();
    }

    private static List<ErrorCode> replies(FakeConnection c) {
        return c.sent.stream().filter(f -> f.getRequestId() != 0).map(f -> f.getStatus().getCode()).toList();
    }

    private static List<ServerFrame> pushes(FakeConnection c) {
        return c.sent.stream().filter(ServerFrame::hasPeerMessage).toList();
    }

    @Test
    void aStaleRoute_isLookedUpAgain_andTheMessageReachesTheUsersNewNode() {
        Node a = new Node("a");
        Node b = new Node("b");
        Node c = new Node("c");
        FakeConnection ac = new FakeConnection("alice");
        Session alice = a.login("alice", ac);
        FakeConnection bobConn = new FakeConnection("bob");
        Session bob = c.login("bob", bobConn); // bob is on c, but a still remembers him on b
        a.cache.put("bob", "b");

        a.messaging.send(alice, 1, msg("bob", false));

        assertThat(pushes(bobConn)).hasSize(1);
        assertThat(a.cache).containsEntry("bob", "c");
        c.messaging.ack(bob, List.of(pushes(bobConn).get(0).getPeerMessage().getMessageId()));
        assertThat(replies(ac)).containsExactly(ErrorCode.OK);
        assertThat(b.sessions.registry().get("app", "bob")).isNull();
        assertThat(store.load("app", "bob").join()).as("nothing stored on the stale node's say-so").isEmpty();
    }

    @Test
    void aStaleRoute_toAUserOnlineNowhere_isStoredAsForAnyOfflineUser() {
        Node a = new Node("a");
        new Node("b");
        FakeConnection ac = new FakeConnection("alice");
        Session alice = a.login("alice", ac);
        a.cache.put("bob", "b"); // bob logged out of b; a did not hear of it yet

        a.messaging.send(alice, 1, msg("bob", true));
        a.messaging.send(alice, 2, msg("bob", false));

        assertThat(replies(ac)).containsExactly(ErrorCode.CACHED_BY_SERVER, ErrorCode.PEER_UNREACHABLE);
        assertThat(store.load("app", "bob").join()).hasSize(1);
        assertThat(a.cache).doesNotContainKey("bob");
    }

    @Test
    void aDirectoryThatIsStaleToo_endsAfterOneRetry_notInALoop() {
        Node a = new Node("a");
        new Node("b");
        FakeConnection ac = new FakeConnection("alice");
        Session alice = a.login("alice", ac);
        directory.put("bob", "b"); // the directory still names b, where bob is not logged in
        a.messaging.send(alice, 1, msg("bob", false));

        assertThat(replies(ac)).containsExactly(ErrorCode.PEER_UNREACHABLE);
        assertThat(a.lookups).isEqualTo(2); // the first lookup, and one more after b said "not here"
    }

    @Test
    void aFreshRoute_costsNoLookup() {
        Node a = new Node("a");
        Node b = new Node("b");
        FakeConnection ac = new FakeConnection("alice");
        Session alice = a.login("alice", ac);
        FakeConnection bobConn = new FakeConnection("bob");
        Session bob = b.login("bob", bobConn);
        for (int i = 0; i < 5; i++) {
            a.messaging.send(alice, i + 1, msg("bob", false));
        }
        b.messaging.ack(bob, pushes(bobConn).stream().map(f -> f.getPeerMessage().getMessageId()).toList());
        assertThat(replies(ac)).containsOnly(ErrorCode.OK).hasSize(5);
        assertThat(a.lookups).isEqualTo(1);
    }

    @Test
    void aMessageStoredAfterItsRecipientLoggedInOnAnotherNode_isPushedThereAtOnce() {
        Node a = new Node("a");
        Node b = new Node("b");
        Node c = new Node("c");
        FakeConnection ac = new FakeConnection("alice");
        Session alice = a.login("alice", ac);
        Session bobOnB = b.login("bob", new FakeConnection("bob-1"));
        a.messaging.send(alice, 1, msg("bob", true)); // pushed to bob on b, never acked there

        FakeConnection second = new FakeConnection("bob-2");
        c.login("bob", second); // c read the (empty) store at this login
        b.endByRemoteLogin(bobOnB);

        assertThat(replies(ac)).containsExactly(ErrorCode.CACHED_BY_SERVER);
        assertThat(pushes(second)).hasSize(1);
        assertThat(pushes(second).get(0).getPeerMessage().getOffline()).isTrue();
    }

    /**
     * bob logs in on c; b ends his old session a moment later, after a's message reached it there:
     * the message follows bob to c instead of being answered as if he were offline.
     */
    @Test
    void aMessageHandedToTheOldSessionOfAUserWhoLoggedInOnAnotherNode_followsHimThere() {
        Node a = new Node("a");
        Node b = new Node("b");
        Node c = new Node("c");
        FakeConnection ac = new FakeConnection("alice");
        Session alice = a.login("alice", ac);
        FakeConnection first = new FakeConnection("bob-1");
        Session bobOnB = b.login("bob", first);
        a.messaging.send(alice, 1, msg("bob", false)); // pushed to bob on b, not acked there yet

        FakeConnection second = new FakeConnection("bob-2");
        Session bobOnC = c.login("bob", second);
        b.endByRemoteLogin(bobOnB);

        assertThat(pushes(first)).hasSize(1);
        assertThat(pushes(second)).as("the message followed bob to c").hasSize(1);
        assertThat(replies(ac)).as("not answered yet: it waits for bob's ack on c").isEmpty();
        c.messaging.ack(bobOnC, List.of(pushes(second).get(0).getPeerMessage().getMessageId()));
        assertThat(replies(ac)).containsExactly(ErrorCode.OK);
    }

    /** The same when the sender is on the recipient's old node. */
    @Test
    void aMessageFromTheSameNode_toAUserWhoLoggedInOnAnotherNode_followsHimThere() {
        Node b = new Node("b");
        Node c = new Node("c");
        FakeConnection ac = new FakeConnection("alice");
        Session alice = b.login("alice", ac);
        Session bobOnB = b.login("bob", new FakeConnection("bob-1"));
        b.messaging.send(alice, 1, msg("bob", false));

        FakeConnection second = new FakeConnection("bob-2");
        Session bobOnC = c.login("bob", second);
        b.endByRemoteLogin(bobOnB);

        assertThat(pushes(second)).hasSize(1);
        c.messaging.ack(bobOnC, List.of(pushes(second).get(0).getPeerMessage().getMessageId()));
        assertThat(replies(ac)).containsExactly(ErrorCode.OK);
    }

    /** A user whose session ended by a remote login but who is online nowhere now: answered once, not looped. */
    @Test
    void aMessageFollowingAUserWhoIsGoneAgain_isAnsweredUnreachableOnce() {
        Node b = new Node("b");
        new Node("c");
        FakeConnection ac = new FakeConnection("alice");
        Session alice = b.login("alice", ac);
        Session bobOnB = b.login("bob", new FakeConnection("bob-1"));
        b.messaging.send(alice, 1, msg("bob", false));

        directory.put("bob", "c"); // the directory names c, where bob is no longer logged in
        b.endByRemoteLogin(bobOnB);

        assertThat(replies(ac)).containsExactly(ErrorCode.PEER_UNREACHABLE);
    }

    @Test
    void aMessageHandedToAnotherNode_isCountedOnce_byTheNodeThatAnswersTheSender() {
        Node a = new Node("a");
        Node b = new Node("b");
        FakeConnection ac = new FakeConnection("alice");
        Session alice = a.login("alice", ac);
        FakeConnection bobConn = new FakeConnection("bob");
        Session bob = b.login("bob", bobConn);

        a.messaging.send(alice, 1, msg("bob", false));
        b.messaging.ack(bob, List.of(pushes(bobConn).get(0).getPeerMessage().getMessageId()));
        a.messaging.send(alice, 2, msg("bob", false));
        b.endByRemoteLogin(bob); // unacked, and bob is nowhere now: b answers a failure
        directory.remove("bob");

        assertThat(replies(ac)).containsExactly(ErrorCode.OK, ErrorCode.PEER_UNREACHABLE);
        assertThat(a.counted).containsExactly("OK", "latency", "PEER_UNREACHABLE");
        assertThat(b.counted).as("the recipient's node counts nothing: the sender's node did").isEmpty();
    }

    @Test
    void aNodeThatNeverReportsBack_getsTheSenderATimeout_andTheMessageIsForgottenAfterASecondTimeout() {
        Node a = new Node("a");
        Node b = new Node("b");
        b.silent = true;
        FakeConnection ac = new FakeConnection("alice");
        Session alice = a.login("alice", ac);
        directory.put("bob", "b");

        a.messaging.send(alice, 1, msg("bob", false));
        assertThat(a.messaging.pendingCount()).isEqualTo(1);
        time.advance(Duration.ofSeconds(9));
        a.messaging.sweep();
        assertThat(replies(ac)).isEmpty();

        time.advance(Duration.ofSeconds(1));
        a.messaging.sweep();
        assertThat(replies(ac)).containsExactly(ErrorCode.TIMEOUT);
        assertThat(a.messaging.pendingCount()).as("still waiting: a late report is not an answer").isEqualTo(1);

        time.advance(Duration.ofSeconds(10));
        a.messaging.sweep();
        assertThat(a.messaging.pendingCount()).isZero();
        assertThat(replies(ac)).containsExactly(ErrorCode.TIMEOUT);
    }
}
