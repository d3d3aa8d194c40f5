package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.parley.protocol.cluster.InvitationAction;
import io.parley.protocol.cluster.Kick;
import io.parley.protocol.cluster.NodeMessage;
import io.parley.protocol.cluster.OfflineStored;
import io.parley.protocol.cluster.PeerAcks;
import io.parley.protocol.cluster.PresenceChanged;
import io.parley.protocol.cluster.RemoveMember;
import io.parley.protocol.cluster.UserFrame;
import org.junit.jupiter.api.Test;

class NodeMessageRulesTest {
    private static NodeMessage.Builder from(String node) {
        return NodeMessage.newBuilder().setFromNode(node);
    }

    @Test
    void wellFormedMessages_pass() {
        assertThat(NodeMessageRules.problem(from("n1").setKick(Kick.newBuilder().setAppId("app").setUserId("bob"))
                .build())).isNull();
        assertThat(NodeMessageRules.problem(from("n1").setUserFrame(UserFrame.newBuilder().setAppId("app")
                .setUserId("bob").setFrame(ByteString.copyFrom(new byte[128 * 1024]))).build())).isNull();
        assertThat(NodeMessageRules.problem(from("n1").setRemoveMember(RemoveMember.newBuilder().setAppId("app")
                .setUserId("bob").setChannelId("room")).build())).isNull();
        assertThat(NodeMessageRules.problem(from("n1").setOfflineStored(OfflineStored.newBuilder().setAppId("app")
                .setUserId("bob")).build())).isNull();
    }

    @Test
    void badIds_sizesAndKinds_areNamed() {
        assertThat(NodeMessageRules.problem(from("").setKick(Kick.newBuilder().setAppId("app").setUserId("bob")).build()))
                .isEqualTo("bad from_node");
        assertThat(NodeMessageRules.problem(from("n\n1").setKick(Kick.newBuilder().setAppId("app").setUserId("bob"))
                .build())).isEqualTo("bad from_node");
        assertThat(NodeMessageRules.problem(from("n1").setKick(Kick.newBuilder().setAppId("app").setUserId("null"))
                .build())).isEqualTo("bad user id");
        assertThat(NodeMessageRules.problem(from("n1").setPresenceChanged(PresenceChanged.newBuilder()
                .setAppId("a\u0000pp").setUserId("bob")).build())).isEqualTo("bad app id");
        assertThat(NodeMessageRules.problem(from("n1").setRemoveMember(RemoveMember.newBuilder().setAppId("app")
                .setUserId("bob").setChannelId("")).build())).isEqualTo("bad channel id");
        assertThat(NodeMessageRules.problem(from("n1").setUserFrame(UserFrame.newBuilder().setAppId("app")
                .setUserId("bob").setFrame(ByteString.copyFrom(new byte[128 * 1024 + 1]))).build()))
                .isEqualTo("user frame over 128 KB");
        assertThat(NodeMessageRules.problem(from("n1").setInvitationAction(InvitationAction.newBuilder()
                .setAppId("app").setCalleeId("bob").setInvitationId("n1.abc").setResponse("x".repeat(8 * 1024 + 1)))
                .build())).isEqualTo("invitation response over 8 KB");
        assertThat(NodeMessageRules.problem(from("n1").setOfflineStored(OfflineStored.newBuilder().setAppId("app")
                .setUserId("")).build())).isEqualTo("bad user id");
        PeerAcks.Builder acks = PeerAcks.newBuilder();
        for (int i = 0; i < PeerAckGatherer.MAX_IDS; i++) {
            acks.addOriginIds(i);
        }
        assertThat(NodeMessageRules.problem(from("n1").setPeerAcks(acks).build())).isNull();
        assertThat(NodeMessageRules.problem(from("n1").setPeerAcks(acks.addOriginIds(1)).build()))
                .isEqualTo("peer acks over 4096 ids");
        assertThat(NodeMessageRules.problem(from("n1").build())).startsWith("unknown kind");
    }
}
