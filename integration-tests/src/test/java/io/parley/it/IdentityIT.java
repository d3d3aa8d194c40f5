package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.it.support.MessageRecorder;
import io.parley.it.support.RawClient;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.protocol.v1.AcceptInvitation;
import io.parley.protocol.v1.CancelInvitation;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DeliveryAck;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.InvitationEventType;
import io.parley.protocol.v1.InvitationReceivedAck;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.SendInvitation;
import io.parley.protocol.v1.SendPeerMessage;
import io.parley.protocol.v1.ServerFrame;
import io.parley.rtm.RtmClient;
import io.parley.rtm.SendMessageOptions;
import io.parley.server.ParleyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Identity comes only from the session: no frame lets one user act as another, or in another app. */
class IdentityIT {
    private static final String APP = "identity-app";
    private ParleyServer server;

    @BeforeEach
    void start() {
        server = Servers.start(Servers.config().build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RtmClient sdk(String user, MessageRecorder rec) {
        RtmClient c = Servers.client(APP, rec, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        Result<Void> r = new Result<>();
        c.login(null, user, r);
        assertThat(r.await()).isZero();
        return c;
    }

    private static ClientFrame.Builder text(String to, String text) {
        return ClientFrame.newBuilder().setSendPeerMessage(SendPeerMessage.newBuilder().setPeerId(to)
                .setBody(MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText(text)));
    }

    @Test
    void aSecondLoginOnTheSameConnection_isRefused_andMessagesStillCarryTheSessionsUser() throws Exception {
        MessageRecorder bob = new MessageRecorder();
        RtmClient bobClient = sdk("bob", bob);
        try (RawClient mallory = RawClient.loggedIn(server.port(), APP, "mallory")) {
            ServerFrame relogin = mallory.request(ClientFrame.newBuilder().setLogin(Login.newBuilder().setAppId(APP)
                    .setUserId("alice")));
            assertThat(relogin.getStatus().getCode()).isEqualTo(ErrorCode.ALREADY_LOGGED_IN);
            assertThat(server.sessions().get(APP, "alice")).isNull();
            ServerFrame sent = mallory.request(text("bob", "it is me, alice"));
            assertThat(sent.getStatus().getCode()).isEqualTo(ErrorCode.OK);
            assertThat(bob.received).extracting(MessageRecorder.Received::from).containsExactly("mallory");
        } finally {
            bobClient.release();
        }
    }

    @Test
    void ackingSomeoneElsesMessages_doesNotMakeThemDelivered() throws Exception {
        MessageRecorder bob = new MessageRecorder();
        RtmClient bobClient = sdk("bob", bob);
        RtmClient alice = sdk("alice", new MessageRecorder());
        try (RawClient mallory = RawClient.loggedIn(server.port(), APP, "mallory")) {
            // mallory learns the current message id from a message of her own
            Result<Void> toMallory = new Result<>();
            alice.sendMessageToPeer("mallory", alice.createMessage("hi mallory"), new SendMessageOptions(), toMallory);
            long seenId = mallory.next(ServerFrame::hasPeerMessage).getPeerMessage().getMessageId();

            bob.hold(); // bob's SDK acks only after its callback returns
            Result<Void> toBob = new Result<>();
            alice.sendMessageToPeer("bob", alice.createMessage("for bob only"), new SendMessageOptions(), toBob);
            DeliveryAck.Builder forged = DeliveryAck.newBuilder();
            for (long id = seenId - 5; id <= seenId + 50; id++) {
                forged.addMessageIds(id);
            }
            mallory.send(ClientFrame.newBuilder().setDeliveryAck(forged).build());
            mallory.sync(); // the forged acks have been processed
            assertThat(toBob.isDone()).as("bob has not acknowledged yet").isFalse();
            bob.release();
            assertThat(toBob.await()).isZero();
            assertThat(toMallory.await()).isZero(); // the one id in the range that was hers: her ack counts
        } finally {
            bob.release();
            bobClient.release();
            alice.release();
        }
    }

    @Test
    void onlyTheCalleeAnswers_andOnlyTheCallerCancels_anInvitation() throws Exception {
        try (RawClient alice = RawClient.loggedIn(server.port(), APP, "alice");
             RawClient bob = RawClient.loggedIn(server.port(), APP, "bob");
             RawClient mallory = RawClient.loggedIn(server.port(), APP, "mallory")) {
            ServerFrame sent = alice.request(ClientFrame.newBuilder().setSendInvitation(SendInvitation.newBuilder()
                    .setCalleeId("bob").setContent("call?")));
            assertThat(sent.getStatus().getCode()).isEqualTo(ErrorCode.OK);
            String id = sent.getInvitationSent().getInvitationId();
            ServerFrame received = bob.next(f -> f.hasInvitationEvent()
                    && f.getInvitationEvent().getType() == InvitationEventType.REMOTE_RECEIVED);
            bob.send(ClientFrame.newBuilder().setInvitationReceivedAck(InvitationReceivedAck.newBuilder().setInvitationId(id))
                    .build());
            assertThat(received.getInvitationEvent().getInvitationId()).isEqualTo(id);

            // mallory knows the id (say it leaked) and still cannot act on it
            assertThat(mallory.request(ClientFrame.newBuilder().setAcceptInvitation(AcceptInvitation.newBuilder()
                    .setInvitationId(id))).getStatus().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(mallory.request(ClientFrame.newBuilder().setCancelInvitation(CancelInvitation.newBuilder()
                    .setInvitationId(id))).getStatus().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);

            assertThat(bob.request(ClientFrame.newBuilder().setAcceptInvitation(AcceptInvitation.newBuilder()
                    .setInvitationId(id).setResponse("yes"))).getStatus().getCode()).isEqualTo(ErrorCode.OK);
            ServerFrame accepted = alice.next(f -> f.hasInvitationEvent()
                    && f.getInvitationEvent().getType() == InvitationEventType.LOCAL_ACCEPTED);
            assertThat(accepted.getInvitationEvent().getResponse()).isEqualTo("yes");
        }
    }

    @Test
    void aSessionCannotReachUsersOfAnotherApp() throws Exception {
        MessageRecorder alice = new MessageRecorder();
        RtmClient aliceClient = sdk("alice", alice);
        try (RawClient outsider = RawClient.loggedIn(server.port(), "other-app", "mallory")) {
            assertThat(outsider.request(text("alice", "hello from elsewhere")).getStatus().getCode())
                    .isEqualTo(ErrorCode.PEER_UNREACHABLE);
            assertThat(alice.received).isEmpty();
        } finally {
            aliceClient.release();
        }
    }
}
