package io.parley.rtm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmChannelAttribute;
import io.parley.rtm.RtmChannelListener;
import io.parley.rtm.RtmChannelMember;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.RtmStatusCode.LoginError;
import io.parley.rtm.RtmStatusCode.PeerMessageError;
import io.parley.rtm.SendMessageOptions;
import io.parley.rtm.internal.FakeConnector.FakeConnection;
import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.ErrorCode;
import io.parley.rtm.internal.wire.MessageBody;
import io.parley.rtm.internal.wire.MessageType;
import io.parley.rtm.internal.wire.PeerMessagePush;
import io.parley.rtm.internal.wire.ServerFrame;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client as an app sees it, over a fake connection and a manual clock. */
class RtmClientImplTest {
    private final ManualTimers timers = new ManualTimers();
    private final FakeConnector connector = new FakeConnector();
    private final RecordingClientListener listener = new RecordingClientListener();
    private int releases;
    private final RtmClientImpl client = create(RtmClientConfig.builder().endpoints("a:1")
            .peerMessageTimeout(3, TimeUnit.SECONDS).build());

    private RtmClientImpl create(RtmClientConfig config) {
        ConnectionManager m = new ConnectionManager("app", config, listener, Runnable::run, timers,
                new DeadlineSweeper(timers), connector);
        return new RtmClientImpl(m, Runnable::run, () -> releases++,
                new PeerMessages(m, listener, Runnable::run, config.peerMessageTimeoutMillis()),
                new Presence(m, listener, Runnable::run), new UserAttributes(m, Runnable::run));
    }

    private FakeConnection login() {
        RecordingCallback<Void> cb = new RecordingCallback<>();
        client.login(null, "alice", cb);
        FakeConnection conn = connector.accept();
        conn.acceptLogin("s1", false, 0);
        assertThat(cb.succeeded()).isTrue();
        return conn;
    }

    @Test
    void peerMessage_succeedsOnlyWhenThePeerAcked_elseTheServersCode() {
        FakeConnection conn = login();
        RecordingCallback<Void> delivered = new RecordingCallback<>();
        client.sendMessageToPeer("bob", client.createMessage("hi"), new SendMessageOptions(), delivered);
        ClientFrame sent = conn.last(ClientFrame.BodyCase.SEND_PEER_MESSAGE);
        assertThat(sent.getSendPeerMessage().getPeerId()).isEqualTo("bob");
        assertThat(sent.getSendPeerMessage().getBody().getText()).isEqualTo("hi");
        assertThat(delivered.calls).isZero();
        conn.answer(sent, ErrorCode.OK);
        assertThat(delivered.succeeded()).isTrue();

        RecordingCallback<Void> cached = new RecordingCallback<>();
        client.sendMessageToPeer("carol", client.createMessage("hi"), new SendMessageOptions(), cached);
        conn.answer(conn.last(ClientFrame.BodyCase.SEND_PEER_MESSAGE), ErrorCode.CACHED_BY_SERVER);
        assertThat(cached.errorCode()).isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_CACHED_BY_SERVER);
    }

    @Test
    void peerMessage_withoutAnAck_timesOutAtTheConfiguredTimeout() {
        login();
        RecordingCallback<Void> cb = new RecordingCallback<>();
        client.sendMessageToPeer("bob", client.createMessage("hi"), new SendMessageOptions(), cb);
        timers.advance(2_900);
        assertThat(cb.calls).isZero();
        timers.advance(200);
        assertThat(cb.errorCode()).isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_TIMEOUT);
    }

    @Test
    void peerMessage_invalidOrNotLoggedIn_failsAtOnce_withoutSending() {
        RecordingCallback<Void> offline = new RecordingCallback<>();
        client.sendMessageToPeer("bob", client.createMessage("hi"), new SendMessageOptions(), offline);
        assertThat(offline.errorCode()).isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_USER_NOT_LOGGED_IN);

        FakeConnection conn = login();
        RecordingCallback<Void> empty = new RecordingCallback<>();
        client.sendMessageToPeer("bob", client.createMessage(""), new SendMessageOptions(), empty);
        assertThat(empty.errorCode()).isEqualTo(PeerMessageError.PEER_MESSAGE_ERR_INVALID_MESSAGE);
        assertThat(conn.count(ClientFrame.BodyCase.SEND_PEER_MESSAGE)).isZero();
    }

    @Test
    void peerPush_reachesTheListener_andIsAcked_duplicatesAreNot() {
        FakeConnection conn = login();
        ServerFrame push = ServerFrame.newBuilder().setPeerMessage(PeerMessagePush.newBuilder().setMessageId(7)
                .setFromUserId("bob").setBody(MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT)
                        .setText("yo"))).build();
        conn.push(push);
        conn.push(push);
        assertThat(listener.messages).containsExactly("bob:yo");
        assertThat(conn.count(ClientFrame.BodyCase.DELIVERY_ACK)).isEqualTo(2); // the server re-sends until acked
    }

    @Test
    void channels_sameIdSameHandle_atMost20_releasedHandlesFreeTheirSlot() {
        RtmChannel first = client.createChannel("c0", new NoopChannelListener());
        assertThat(client.createChannel("c0", new NoopChannelListener())).isSameAs(first);
        for (int i = 1; i < RtmClientImpl.MAX_CHANNEL_HANDLES; i++) {
            client.createChannel("c" + i, new NoopChannelListener());
        }
        assertThatThrownBy(() -> client.createChannel("c20", new NoopChannelListener()))
                .hasMessage("not allowed to create the channel or size over limit!");
        first.release();
        assertThat(client.createChannel("c20", new NoopChannelListener())).isNotNull();
    }

    @Test
    void release_logsOut_once_andLeavesAClientThatRefusesWork() {
        FakeConnection conn = login();
        client.release();
        client.release();
        assertThat(releases).isEqualTo(1);
        assertThat(conn.count(ClientFrame.BodyCase.LOGOUT)).isEqualTo(1);

        RecordingCallback<Void> again = new RecordingCallback<>();
        client.login(null, "alice", again);
        assertThat(again.errorCode()).isEqualTo(LoginError.LOGIN_ERR_UNKNOWN);
        assertThatThrownBy(() -> client.createChannel("c", new NoopChannelListener()))
                .hasMessage("RtmClient instance is released!");
        assertThat(client.getRtmCallManager().createLocalInvitation("bob")).isNull();
    }

    private static final class NoopChannelListener implements RtmChannelListener {
        @Override
        public void onMemberCountUpdated(int memberCount) {
        }

        @Override
        public void onAttributesUpdated(List<RtmChannelAttribute> attributes) {
        }

        @Override
        public void onMessageReceived(RtmMessage message, RtmChannelMember fromMember) {
        }

        @Override
        public void onMemberJoined(RtmChannelMember member) {
        }

        @Override
        public void onMemberLeft(RtmChannelMember member) {
        }
    }
}
