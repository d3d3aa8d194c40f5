package io.parley.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.parley.protocol.FrameLimits;
import io.parley.protocol.Identifiers;
import io.parley.protocol.v1.ChannelMessagePush;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.ServerFrame;
import org.junit.jupiter.api.Test;

class MessageBodiesTest {
    @Test
    void text_withARawPayload_isInvalid() {
        MessageBody textPlusRaw = MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("hi")
                .setRaw(ByteString.copyFrom(new byte[10])).build();
        assertThat(MessageBodies.isValid(textPlusRaw)).isFalse();
        assertThat(MessageBodies.known(textPlusRaw)).isNull();
    }

    @Test
    void known_dropsUnknownFields_keepsTypeTextAndRaw() {
        UnknownFieldSet extra = UnknownFieldSet.newBuilder().addField(15, UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFrom(new byte[90_000])).build()).build();
        MessageBody sent = MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_RAW).setText("desc")
                .setRaw(ByteString.copyFromUtf8("payload")).setUnknownFields(extra).build();
        assertThat(sent.getSerializedSize()).isGreaterThan(90_000);

        MessageBody known = MessageBodies.known(sent);
        assertThat(known.getUnknownFields().asMap()).isEmpty();
        assertThat(known).isEqualTo(MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_RAW).setText("desc")
                .setRaw(ByteString.copyFromUtf8("payload")).build());
        assertThat(EncodedBody.of(sent).bytes()).isEqualTo(known.toByteArray());
    }

    @Test
    void largestValidMessages_makePushesWithinTheFrameLimit() {
        String longestId = "u".repeat(Identifiers.MAX_ID_BYTES);
        MessageBody[] largest = {
            MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("\u00e9".repeat(16_384)).build(),
            MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_RAW).setRaw(ByteString.copyFrom(new byte[32_768]))
                    .build(),
            MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_RAW).setText("d".repeat(32_767))
                    .setRaw(ByteString.copyFrom(new byte[1])).build(),
        };
        for (MessageBody body : largest) {
            assertThat(MessageBodies.known(body)).isNotNull();
            byte[] push = PeerFrames.encodePush(Long.MAX_VALUE, ByteString.copyFromUtf8(longestId), EncodedBody.of(body),
                    Long.MAX_VALUE, true);
            assertThat(push.length).isLessThan(FrameLimits.MAX_FRAME_BYTES / 3);
            ServerFrame channelPush = ServerFrame.newBuilder().setChannelMessage(ChannelMessagePush.newBuilder()
                    .setChannelId(longestId).setFromUserId(longestId).setBody(body).setServerReceivedTs(Long.MAX_VALUE))
                    .build();
            assertThat(channelPush.getSerializedSize()).isLessThan(FrameLimits.MAX_FRAME_BYTES / 3);
        }
    }
}
