package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.parley.it.support.ChannelRecorder;
import io.parley.it.support.RawClient;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.TextRecorder;
import io.parley.protocol.FrameLimits;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DeliveryAck;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.JoinChannel;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.SendChannelMessage;
import io.parley.protocol.v1.SendPeerMessage;
import io.parley.protocol.v1.ServerFrame;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmClient;
import io.parley.server.ParleyServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A crafted message must not jam its recipients: a TEXT body with a payload filling the frame, or
 * a body padded with unknown fields, once reached the recipient as a push over the SDK's frame
 * limit, and the SDK reconnected in a loop while the server re-sent it from the outbox.
 */
class OversizeMessageIT {
    private static final String APP = "oversize-app";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ParleyServer server;
    private RtmClient bob;
    private final TextRecorder bobEvents = new TextRecorder();

    @BeforeEach
    void start() {
        server = Servers.start(Servers.config().app(APP).build());
        bob = Servers.client(APP, bobEvents, Servers.clientConfig("127.0.0.1:" + server.port()).build());
        Result<Void> r = new Result<>();
        bob.login(null, "bob", r);
        assertThat(r.await()).isZero();
    }

    @AfterEach
    void stop() {
        bob.release();
        server.close();
    }

    /** TEXT with 32 KB of text and a raw payload that fills the client frame to its limit. */
    private static MessageBody textFillingTheFrame() {
        return MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("t".repeat(32 * 1024))
                .setRaw(ByteString.copyFrom(new byte[FrameLimits.MAX_FRAME_BYTES - 32 * 1024 - 64])).build();
    }

    private static MessageBody text(String s) {
        return MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText(s).build();
    }

    private void assertBobStayedConnected() {
        assertThat(bobEvents.changes).as("bob's connection states: no reconnect").hasSize(2);
        assertThat(server.sessions().get(APP, "bob").isAttached()).isTrue();
    }

    @Test
    void peerMessage_textWithAPayloadFillingTheFrame_isInvalidMessage_andTheRecipientKeepsGettingMessages()
            throws Exception {
        try (RawClient mallory = RawClient.loggedIn(server.port(), APP, "mallory")) {
            ClientFrame.Builder crafted = ClientFrame.newBuilder().setSendPeerMessage(SendPeerMessage.newBuilder()
                    .setPeerId("bob").setEnableOfflineMessaging(true).setBody(textFillingTheFrame()));
            assertThat(crafted.clone().setRequestId(1).build().getSerializedSize())
                    .isBetween(FrameLimits.MAX_FRAME_BYTES - 100, FrameLimits.MAX_FRAME_BYTES);

            assertThat(mallory.request(crafted).getStatus().getCode()).isEqualTo(ErrorCode.INVALID_MESSAGE);
            // also for an offline recipient: nothing reaches the store to come back at every login
            assertThat(mallory.request(ClientFrame.newBuilder().setSendPeerMessage(SendPeerMessage.newBuilder()
                    .setPeerId("carol").setEnableOfflineMessaging(true).setBody(textFillingTheFrame())))
                    .getStatus().getCode()).isEqualTo(ErrorCode.INVALID_MESSAGE);

            ServerFrame ok = mallory.request(ClientFrame.newBuilder().setSendPeerMessage(SendPeerMessage.newBuilder()
                    .setPeerId("bob").setBody(text("after"))));
            assertThat(ok.getStatus().getCode()).isEqualTo(ErrorCode.OK);
        }
        assertThat(bobEvents.messages).containsExactly("mallory:after");
        assertThat(server.offlineStore().size().join()).isZero();
        assertBobStayedConnected();
    }

    @Test
    void channelMessage_textWithAPayloadFillingTheFrame_isInvalidMessage_andMembersKeepGettingMessages()
            throws Exception {
        ChannelRecorder room = new ChannelRecorder();
        RtmChannel channel = bob.createChannel("room", room);
        Result<Void> joined = new Result<>();
        channel.join(joined);
        assertThat(joined.await()).isZero();
        try (RawClient mallory = RawClient.loggedIn(server.port(), APP, "mallory")) {
            assertThat(mallory.request(ClientFrame.newBuilder().setJoinChannel(JoinChannel.newBuilder()
                    .setChannelId("room"))).getStatus().getCode()).isEqualTo(ErrorCode.OK);

            assertThat(mallory.request(ClientFrame.newBuilder().setSendChannelMessage(SendChannelMessage.newBuilder()
                    .setChannelId("room").setBody(textFillingTheFrame()))).getStatus().getCode())
                    .isEqualTo(ErrorCode.INVALID_MESSAGE);
            assertThat(mallory.request(ClientFrame.newBuilder().setSendChannelMessage(SendChannelMessage.newBuilder()
                    .setChannelId("room").setBody(text("after")))).getStatus().getCode()).isEqualTo(ErrorCode.OK);
        }
        await().atMost(WAIT).until(() -> room.messages.contains("mallory:after"));
        assertThat(room.messages).containsExactly("mallory:after");
        assertBobStayedConnected();
    }

    @Test
    void unknownFieldsInABody_doNotTravelToTheRecipient() throws Exception {
        UnknownFieldSet padding = UnknownFieldSet.newBuilder().addField(15, UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFrom(new byte[100_000])).build()).build();
        MessageBody padded = text("padded").toBuilder().setUnknownFields(padding).build();
        try (RawClient mallory = RawClient.loggedIn(server.port(), APP, "mallory");
             RawClient carol = RawClient.loggedIn(server.port(), APP, "carol")) {
            mallory.send(ClientFrame.newBuilder().setRequestId(77).setSendPeerMessage(SendPeerMessage.newBuilder()
                    .setPeerId("carol").setBody(padded)).build());

            ServerFrame push = carol.next(ServerFrame::hasPeerMessage);
            assertThat(push.getPeerMessage().getBody().getText()).isEqualTo("padded");
            assertThat(push.getPeerMessage().getBody().getUnknownFields().asMap()).isEmpty();
            assertThat(push.getSerializedSize()).isLessThan(200);
            carol.send(ClientFrame.newBuilder().setDeliveryAck(DeliveryAck.newBuilder()
                    .addMessageIds(push.getPeerMessage().getMessageId())).build());
            assertThat(mallory.next(f -> f.getRequestId() == 77).getStatus().getCode()).isEqualTo(ErrorCode.OK);
        }
    }
}
