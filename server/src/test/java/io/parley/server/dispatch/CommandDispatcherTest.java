package io.parley.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.peer.EncodedBody;
import io.parley.protocol.peer.PeerFrames;
import io.parley.protocol.token.TokenVerifier;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.JoinChannel;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.Logout;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.Ping;
import io.parley.protocol.v1.RenewToken;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.auth.Authenticator;
import io.parley.server.config.ServerConfig;
import io.parley.server.messaging.PeerMessagingService;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.session.FakeConnection;
import io.parley.server.session.FakeTime;
import io.parley.server.session.SessionRegistry;
import io.parley.server.session.SessionService;
import io.parley.server.store.InMemoryOfflineStore;
import io.parley.server.store.StorePolicy;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandDispatcherTest {
    private final FakeTime time = new FakeTime();
    private CommandDispatcher dispatcher;
    private FakeConnection conn;
    private ConnectionContext ctx;

    @BeforeEach
    void setUp() {
        ServerConfig config = ServerConfig.builder().app("dev-app").build();
        SessionService sessions = new SessionService(new Authenticator(config,
                new TokenVerifier(() -> time.currentTimeMillis() / 1000, true, 300)), new SessionRegistry(), time);
        PeerMessagingService messaging = new PeerMessagingService(sessions.registry(),
                new InMemoryOfflineStore(new StorePolicy(200, Duration.ofDays(7), time::currentTimeMillis)), time,
                new SessionRateLimits(java.util.Map.of(), time::nanoTime), Duration.ofSeconds(10), 1000);
        sessions.addListener(messaging);
        SessionRateLimits limits = new SessionRateLimits(java.util.Map.of(), time::nanoTime);
        io.parley.server.channels.ChannelService channelService = new io.parley.server.channels.ChannelService(limits, time);
        dispatcher = new CommandDispatcher(sessions, new CommandDispatcher.Features(messaging,
                new io.parley.server.presence.PresenceService(sessions.registry(), limits),
                new io.parley.server.attributes.UserAttributeService(sessions.registry(), limits),
                channelService, new io.parley.server.channels.ChannelAttributeService(channelService, limits, time,
                        Duration.ofMinutes(2)), new io.parley.server.invitations.InvitationService(sessions.registry(), time,
                        Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60), limits, 32)), time, 2, 2000);
        conn = new FakeConnection("c");
        ctx = dispatcher.open(conn);
    }

    private ServerFrame send(ClientFrame.Builder f) {
        int before = conn.sent.size();
        dispatcher.onFrame(ctx, f.build());
        assertThat(conn.sent).hasSize(before + 1);
        return conn.last();
    }

    private static ClientFrame.Builder login(int rid, String user) {
        return ClientFrame.newBuilder().setRequestId(rid).setLogin(Login.newBuilder().setAppId("dev-app").setUserId(user));
    }

    @Test
    void everyRequest_getsExactlyOneReplyWithItsRequestId() {
        assertThat(send(ClientFrame.newBuilder().setRequestId(1)).getStatus().getCode()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        ServerFrame notLoggedIn = send(ClientFrame.newBuilder().setRequestId(2).setJoinChannel(JoinChannel.newBuilder()));
        assertThat(notLoggedIn.getRequestId()).isEqualTo(2);
        assertThat(notLoggedIn.getStatus().getCode()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
        assertThat(send(ClientFrame.newBuilder().setRequestId(3).setPing(Ping.getDefaultInstance())).hasPong()).isTrue();

        ServerFrame ok = send(login(4, "u"));
        assertThat(ok.getStatus().getCode()).isEqualTo(ErrorCode.OK);
        assertThat(ok.getLoginReply().getSessionId()).isNotEmpty();
        assertThat(ok.getLoginReply().getHeartbeatIntervalMs()).isEqualTo(2000);

        assertThat(send(login(5, "u")).getStatus().getCode()).isEqualTo(ErrorCode.ALREADY_LOGGED_IN);
        ServerFrame badInvite = send(ClientFrame.newBuilder().setRequestId(6).setSendInvitation(
                io.parley.protocol.v1.SendInvitation.newBuilder()));
        assertThat(badInvite.getStatus().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(send(ClientFrame.newBuilder().setRequestId(7).setRenewToken(RenewToken.newBuilder()))
                .getStatus().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(send(ClientFrame.newBuilder().setRequestId(8).setLogout(Logout.getDefaultInstance()))
                .getStatus().getCode()).isEqualTo(ErrorCode.OK);
        assertThat(conn.closedWith).isEqualTo(io.parley.protocol.v1.DisconnectCode.LOGGED_OUT);
    }

    @Test
    void login_moreThanTwoPerSecondOnOneConnection_isTooOften() {
        assertThat(send(login(1, "bad/user")).getStatus().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(send(login(2, "bad/user")).getStatus().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(send(login(3, "ok")).getStatus().getCode()).isEqualTo(ErrorCode.TOO_OFTEN);
        time.advance(Duration.ofMillis(1001));
        assertThat(send(login(4, "ok")).getStatus().getCode()).isEqualTo(ErrorCode.OK);
    }

    @Test
    void acks_beforeLogin_areDroppedWithoutReply() {
        dispatcher.onFrame(ctx, ClientFrame.newBuilder().setDeliveryAck(
                io.parley.protocol.v1.DeliveryAck.newBuilder().addMessageIds(1)).build());
        assertThat(conn.sent).isEmpty();
    }

    @Test
    void peerFramesReadWithoutProtobuf_getTheSameAnswersAsTheirProtobufForm() {
        EncodedBody hi = EncodedBody.of(MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("hi").build());
        dispatcher.onPeerSend(ctx, new PeerFrames.Send(11, "bob", hi, false, false));
        assertThat(conn.last().getRequestId()).isEqualTo(11);
        assertThat(conn.last().getStatus().getCode()).isEqualTo(ErrorCode.NOT_LOGGED_IN);
        int before = conn.sent.size();
        dispatcher.onPeerAck(ctx, new PeerFrames.Ack(0, new long[] {1}));
        assertThat(conn.sent).as("acks before login are dropped without a reply").hasSize(before);

        assertThat(send(login(12, "alice")).getStatus().getCode()).isEqualTo(ErrorCode.OK);
        dispatcher.onPeerSend(ctx, new PeerFrames.Send(13, "bad/id", hi, false, false));
        assertThat(conn.last().getRequestId()).isEqualTo(13);
        assertThat(conn.last().getStatus().getCode()).isEqualTo(ErrorCode.INVALID_USER_ID);
        dispatcher.onPeerSend(ctx, new PeerFrames.Send(14, "bob", hi, false, false));
        assertThat(conn.last().getRequestId()).isEqualTo(14);
        assertThat(conn.last().getStatus().getCode()).isEqualTo(ErrorCode.PEER_UNREACHABLE);
        EncodedBody empty = EncodedBody.of(MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).build());
        dispatcher.onPeerSend(ctx, new PeerFrames.Send(15, "bob", empty, false, false));
        assertThat(conn.last().getStatus().getCode()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }
}
