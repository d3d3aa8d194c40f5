package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.parley.protocol.cluster.Ban;
import io.parley.protocol.cluster.InvitationAction;
import io.parley.protocol.cluster.Kick;
import io.parley.protocol.cluster.NodeMessage;
import io.parley.protocol.cluster.OfflineStored;
import io.parley.protocol.cluster.PeerAcks;
import io.parley.protocol.cluster.PeerDeliver;
import io.parley.protocol.cluster.PeerOutcome;
import io.parley.protocol.cluster.PresenceChanged;
import io.parley.protocol.cluster.UserFrame;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.ServerFrame;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relays of cluster mode on one router, with a fake backplane and an in-memory directory: each
 * kind of node message reaches the feature it is for, and what a feature asks goes to the right node.
 */
class ClusterRelaysTest {
    private final FakeBackplane backplane = new FakeBackplane("n1");
    private final ClusterNode node = new ClusterNode(backplane);
    private final LocalUserDirectory directory = new LocalUserDirectory();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private PeerRelay peers;
    private InvitationRelay invitations;
    private SessionRelay sessions;

    @BeforeEach
    void wire() {
        peers = new PeerRelay(node, directory);
        PresenceRelay presence = new PresenceRelay(node, directory);
        invitations = new InvitationRelay(node, directory, presence);
        sessions = new SessionRelay(node, directory);
        BanRelay bans = new BanRelay(node, new LocalBans());
        peers.inbound(new ClusterPeers.Inbound() {
            public void deliverFromNode(String originNode, long originId, String appId, String toUserId,
                                        String fromUserId, byte[] body, long ts, boolean offline) {
                calls.add("deliver " + originNode + " " + originId + " " + toUserId + " from " + fromUserId
                        + " offline=" + offline);
            }

            public void remoteOutcome(long originId, ErrorCode code, String detail) {
                calls.add("outcome " + originId + " " + code);
            }

            public void notHere(long originId) {
                calls.add("notHere " + originId);
            }

            public void storedElsewhere(String appId, String userId) {
                calls.add("stored " + userId);
            }
        });
        presence.inbound(new ClusterPresence.Inbound() {
            public void remoteChanged(String appId, String userId) {
                calls.add("presence " + userId);
            }

            public void recheckAll() {
                calls.add("presence recheck");
            }
        });
        invitations.inbound(new ClusterInvitations.Inbound() {
            public void receivedAckFromNode(String appId, String calleeId, String id) {
                calls.add("received " + calleeId + " " + id);
            }

            public void answerFromNode(String appId, String calleeId, int rid, String id, String response,
                                       boolean accept) {
                calls.add((accept ? "accept " : "refuse ") + calleeId + " " + id + " rid=" + rid + " " + response);
            }

            public void toLocalUser(String appId, String userId, ServerFrame frame) {
                calls.add("frame for " + userId);
            }

            public void ownerGone(String appId, String calleeId, int rid) {
                calls.add("owner gone " + calleeId + " rid=" + rid);
            }

            public void peerMaybeGone(String appId, String userId) {
                calls.add("invitations " + userId);
            }
        });
        sessions.inbound(new ClusterSessions.Inbound() {
            public void kick(String appId, String userId, String sessionId, DisconnectCode code) {
                calls.add("kick " + userId + " " + sessionId + " " + code);
            }

            public void recovered() {
                calls.add("recovered");
            }
        });
        bans.inbound(new ClusterBans.Inbound() {
            public void banAnnounced(String appId, String userId, long until) {
                calls.add("ban " + userId + " " + until);
            }

            public List<ClusterBans.Banned> bansInForce() {
                return List.of();
            }
        });
        node.start();
    }

    private static NodeMessage.Builder from(String node) {
        return NodeMessage.newBuilder().setFromNode(node);
    }

    @Test
    void peerMessagesOutcomesAndStoreNudges_reachMessaging() {
        backplane.arrive(from("n2").setPeerDeliver(PeerDeliver.newBuilder().setOriginId(7).setAppId("app")
                .setToUserId("bob").setFromUserId("ann").setBody(MessageBody.newBuilder().setText("hi").build()
                        .toByteString()).setOfflineAllowed(true)).build());
        backplane.arrive(from("n2").setPeerOutcome(PeerOutcome.newBuilder().setOriginId(8).setCode(ErrorCode.OK)).build());
        backplane.arrive(from("n2").setPeerOutcome(PeerOutcome.newBuilder().setOriginId(9).setNotHere(true)).build());
        backplane.arrive(from("n2").setOfflineStored(OfflineStored.newBuilder().setAppId("app").setUserId("bob")).build());
        backplane.arrive(from("n2").setPeerAcks(PeerAcks.newBuilder().addOriginIds(11).addOriginIds(10)).build());

        assertThat(calls).containsExactly("deliver n2 7 bob from ann offline=true", "outcome 8 OK", "notHere 9",
                "stored bob", "outcome 11 OK", "outcome 10 OK");
    }

    @Test
    void outcomes_goToTheOriginNode_okAsAcks_othersWithTheirCodeAndDetail() {
        peers.outcome("n2", 7, ErrorCode.OK, "");
        peers.outcome("n2", 8, ErrorCode.TIMEOUT, "no ack in time");
        peers.notHere("n3", 9);

        assertThat(backplane.sentTo("n2")).satisfiesExactly(
                m -> assertThat(m.getPeerAcks().getOriginIdsList()).containsExactly(7L),
                m -> {
                    assertThat(m.getPeerOutcome().getOriginId()).isEqualTo(8);
                    assertThat(m.getPeerOutcome().getCode()).isEqualTo(ErrorCode.TIMEOUT);
                    assertThat(m.getPeerOutcome().getDetail()).isEqualTo("no ack in time");
                });
        assertThat(backplane.sentTo("n3")).singleElement()
                .satisfies(m -> assertThat(m.getPeerOutcome().getNotHere()).isTrue());
    }

    @Test
    void aPresenceAnnouncement_forgetsTheRoute_thenPresenceAndInvitationsReRead() {
        directory.claim("app", "bob", new UserDirectory.Location("n2", "s1", false));
        assertThat(peers.locate("app", "bob").join()).isEqualTo("n2");
        directory.claim("app", "bob", new UserDirectory.Location("n3", "s2", false)); // moved; n1 still remembers n2
        assertThat(peers.locate("app", "bob").join()).isEqualTo("n2");

        backplane.arrive(from("n3").setPresenceChanged(PresenceChanged.newBuilder().setAppId("app").setUserId("bob"))
                .build());

        assertThat(peers.locate("app", "bob").join()).isEqualTo("n3");
        assertThat(calls).containsExactly("presence bob", "invitations bob");
    }

    @Test
    void aDeadNode_dropsItsRoutes_andPresenceRechecks() {
        directory.claim("app", "bob", new UserDirectory.Location("n2", "s1", false));
        assertThat(peers.locate("app", "bob").join()).isEqualTo("n2");
        directory.release("app", "bob", "s1");

        backplane.nodeDied("n2");

        assertThat(peers.locate("app", "bob").join()).isNull();
        assertThat(calls).containsExactly("presence recheck");
    }

    /** Announcements sent while this node was not subscribed never came: routes are forgotten, presence re-read. */
    @Test
    void aRecovery_dropsEveryRoute_andPresenceRechecks() {
        directory.claim("app", "bob", new UserDirectory.Location("n2", "s1", false));
        assertThat(peers.locate("app", "bob").join()).isEqualTo("n2");
        directory.claim("app", "bob", new UserDirectory.Location("n3", "s2", false)); // its announcement was missed

        backplane.recover();

        assertThat(peers.locate("app", "bob").join()).isEqualTo("n3");
        assertThat(calls).containsExactly("presence recheck", "recovered");
    }

    @Test
    void kicksBansAndRecovery_reachSessions() {
        backplane.arrive(from("n2").setKick(Kick.newBuilder().setAppId("app").setUserId("bob").setSessionId("s1")
                .setCode(DisconnectCode.REMOTE_LOGIN)).build());
        backplane.arrive(from("n2").setBan(Ban.newBuilder().setAppId("app").setUserId("eve").setUntilMs(5)).build());
        backplane.recover();

        assertThat(calls).containsExactly("kick bob s1 REMOTE_LOGIN", "ban eve 5", "presence recheck", "recovered");
    }

    @Test
    void invitationActionsAndUserFrames_reachInvitations_aMalformedFrameNothing() {
        backplane.arrive(from("n2").setInvitationAction(InvitationAction.newBuilder().setAppId("app").setCalleeId("bob")
                .setInvitationId("n1.ab").setKind(InvitationAction.Kind.RECEIVED)).build());
        backplane.arrive(from("n2").setInvitationAction(InvitationAction.newBuilder().setAppId("app").setCalleeId("bob")
                .setInvitationId("n1.ab").setRequestId(4).setKind(InvitationAction.Kind.ACCEPT).setResponse("yes")).build());
        backplane.arrive(from("n2").setUserFrame(UserFrame.newBuilder().setAppId("app").setUserId("bob")
                .setFrame(ByteString.copyFrom(new byte[] {(byte) 0xff, 1}))).build());
        backplane.arrive(from("n2").setUserFrame(UserFrame.newBuilder().setAppId("app").setUserId("bob")
                .setFrame(ServerFrame.newBuilder().setRequestId(3).build().toByteString())).build());

        assertThat(calls).containsExactly("received bob n1.ab", "accept bob n1.ab rid=4 yes", "frame for bob");
    }

    @Test
    void aLoginThatReplacesASessionOfAnotherNode_kicksItThere_thenAnnounces() {
        directory.claim("app", "bob", new UserDirectory.Location("n2", "old", false));

        sessions.claim("app", "bob", "new").join();

        assertThat(backplane.sentTo("n2")).singleElement().satisfies(m -> {
            assertThat(m.getKick().getSessionId()).isEqualTo("old");
            assertThat(m.getKick().getCode()).isEqualTo(DisconnectCode.REMOTE_LOGIN);
        });
        assertThat(backplane.broadcasts()).singleElement()
                .satisfies(m -> assertThat(m.getPresenceChanged().getUserId()).isEqualTo("bob"));
        assertThat(directory.locate("app", "bob").join().sessionId()).isEqualTo("new");
    }

    @Test
    void aStoredMessage_nudgesTheNodeWhereItsRecipientIsLoggedIn_only() {
        directory.claim("app", "bob", new UserDirectory.Location("n2", "s1", false));
        directory.claim("app", "cat", new UserDirectory.Location("n1", "s2", false));

        peers.stored("app", "bob");
        peers.stored("app", "cat"); // here: this node's own login handles it
        peers.stored("app", "dan"); // nowhere

        assertThat(backplane.sent).singleElement().satisfies(s -> {
            assertThat(s.to()).isEqualTo("n2");
            assertThat(s.message().getOfflineStored().getUserId()).isEqualTo("bob");
        });
    }

    @Test
    void anAnswerForwardedToAGoneOwner_endsTheCalleesRequest() {
        backplane.gone.add("n2");

        invitations.forward("n2", "app", "bob", 4, "n2.ab", ClusterInvitations.Action.ACCEPT, "");
        invitations.forward("n2", "app", "bob", 0, "n2.ab", ClusterInvitations.Action.RECEIVED, "");

        assertThat(calls).containsExactly("owner gone bob rid=4");
        assertThat(invitations.ownerElsewhere("n2.ab")).isEqualTo("n2");
        assertThat(invitations.ownerElsewhere("n1.ab")).isNull();
        assertThat(invitations.newId("ab")).isEqualTo("n1.ab");
    }
}
