package io.parley.rtm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The public API keeps Agora's names, kinds and values, so apps port by changing imports. */
class RtmApiShapeTest {
    @Test
    void classKinds_matchAgora() {
        for (Class<?> c : new Class<?>[] {RtmClient.class, RtmChannel.class, RtmMessage.class, RtmChannelMember.class,
                RtmCallManager.class, RtmFileMessage.class, RtmImageMessage.class}) {
            assertThat(Modifier.isAbstract(c.getModifiers()) && !c.isInterface()).as(c.getSimpleName()).isTrue();
        }
        for (Class<?> c : new Class<?>[] {RtmClientListener.class, RtmChannelListener.class, ResultCallback.class,
                RtmCallEventListener.class, LocalInvitation.class, RemoteInvitation.class, RtmStatusCode.class}) {
            assertThat(c.isInterface()).as(c.getSimpleName()).isTrue();
        }
    }

    @Test
    void statusCodeGroups_areAllPresent_withSpotCheckedValues() {
        Set<String> groups = Arrays.stream(RtmStatusCode.class.getDeclaredClasses()).map(Class::getSimpleName)
                .collect(Collectors.toSet());
        assertThat(groups).contains("ConnectionState", "ConnectionChangeReason", "LoginError", "LogoutError",
                "RenewTokenError", "PeerMessageError", "ChannelMessageError", "JoinChannelError", "LeaveChannelError",
                "GetMembersError", "QueryPeersOnlineStatusError", "PeerSubscriptionStatusError",
                "QueryPeersBySubscriptionOptionError", "AttributeOperationError", "GetChannelMemberCountErrCode",
                "LocalInvitationState", "RemoteInvitationState", "LocalInvitationError", "RemoteInvitationError",
                "InvitationApiCallError", "UploadMediaError", "DownloadMediaError", "CancelMediaError",
                "SetRtmServiceContextError");
        assertThat(RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_TOKEN_EXPIRED).isEqualTo(9);
        assertThat(RtmStatusCode.PeerMessageError.PEER_MESSAGE_ERR_IMCOMPATIBLE_MESSAGE).isEqualTo(8);
        assertThat(RtmStatusCode.JoinChannelError.JOIN_CHANNEL_TIMEOUT).isEqualTo(4);
        assertThat(RtmStatusCode.AttributeOperationError.ATTRIBUTE_OPERATION_ERR_USER_NOT_FOUND).isEqualTo(6);
        assertThat(RtmStatusCode.LeaveChannelError.LEAVE_CHANNEL_ERR_KICKED).isEqualTo(4);
        assertThat(RtmStatusCode.UploadMediaError.UPLOAD_MEDIA_ERR_NOT_LOGGED_IN).isEqualTo(102);
        assertThat(RtmClient.LOG_FILTER_INFO).isEqualTo(15);
        assertThat(RtmServiceContext.RtmAreaCode.AREA_CODE_GLOB).isEqualTo(-1);
    }

    @Test
    void listenerCallbacksAddedAfter10_areDefaultMethods() throws Exception {
        assertThat(RtmClientListener.class.getMethod("onTokenPrivilegeWillExpire").isDefault()).isTrue();
        assertThat(RtmClientListener.class.getMethod("onMediaUploadingProgress", RtmMediaOperationProgress.class,
                long.class).isDefault()).isTrue();
        assertThat(RtmClientListener.class.getMethod("onConnectionStateChanged", int.class, int.class).isDefault())
                .isFalse();
        Method deprecated = RtmClient.class.getMethod("sendMessageToPeer", String.class, RtmMessage.class,
                ResultCallback.class);
        assertThat(deprecated.isAnnotationPresent(Deprecated.class)).isTrue();
    }

    @Test
    void createInstance_emptyAppId_throwsLikeAgora() {
        assertThatThrownBy(() -> RtmClient.createInstance("", new NoopListener()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("empty context or appId!");
    }

    @Test
    void messages_textRawAndDescription() throws Exception {
        RtmClient c = RtmClient.createInstance("app", new NoopListener(),
                RtmClientConfig.builder().endpoints("127.0.0.1:1").build());
        try {
            RtmMessage text = c.createMessage("hi");
            assertThat(text.getMessageType()).isEqualTo(RtmMessageType.TEXT);
            assertThat(text.getText()).isEqualTo("hi");
            RtmMessage raw = c.createMessage("x".getBytes(StandardCharsets.UTF_8), "desc");
            assertThat(raw.getMessageType()).isEqualTo(RtmMessageType.RAW);
            assertThat(raw.getRawMessage()).containsExactly('x');
            assertThat(raw.getText()).isEqualTo("desc");
            assertThat(c.createMessage().getText()).isEmpty();
        } finally {
            c.release();
        }
    }

    @Test
    void createChannel_sameIdReturnsLiveHandle_invalidOrOver20Throws() throws Exception {
        RtmClient c = RtmClient.createInstance("app", new NoopListener(),
                RtmClientConfig.builder().endpoints("127.0.0.1:1").build());
        try {
            RtmChannel a = c.createChannel("room", null);
            assertThat(c.createChannel("room", null)).isSameAs(a);
            assertThatThrownBy(() -> c.createChannel("bad/id", null)).isInstanceOf(RuntimeException.class);
            for (int i = 1; i < 20; i++) {
                c.createChannel("room" + i, null);
            }
            assertThatThrownBy(() -> c.createChannel("room21", null))
                    .hasMessage("not allowed to create the channel or size over limit!");
            a.release();
            assertThat(c.createChannel("room21", null)).isNotNull();
        } finally {
            c.release();
        }
        assertThatThrownBy(() -> c.createChannel("late", null)).hasMessage("RtmClient instance is released!");
    }

    @Test
    void config_endpointsAreValidated() {
        assertThat(RtmClientConfig.builder().endpoints("a:1, b:2").build().endpoints()).containsExactly("a:1", "b:2");
        assertThatThrownBy(() -> RtmClientConfig.builder().endpoints("nohost").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtmClientConfig.builder().endpoints("h:0").build())
                .isInstanceOf(IllegalArgumentException.class);
        System.setProperty("parley.server", "10.0.0.1:7000,10.0.0.2:7000");
        try {
            assertThat(RtmClientConfig.fromEnvironment().endpoints()).containsExactly("10.0.0.1:7000", "10.0.0.2:7000");
        } finally {
            System.clearProperty("parley.server");
        }
    }

    static final class NoopListener implements RtmClientListener {
        @Override
        public void onConnectionStateChanged(int state, int reason) {
        }

        @Override
        public void onMessageReceived(RtmMessage message, String peerId) {
        }

        @Override
        public void onTokenExpired() {
        }

        @Override
        public void onPeersOnlineStatusChanged(java.util.Map<String, Integer> peersStatus) {
        }
    }
}
