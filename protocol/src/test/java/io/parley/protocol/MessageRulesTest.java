package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.parley.protocol.peer.EncodedBody;
import io.parley.protocol.peer.PeerFrames;
import io.parley.protocol.v1.ChannelMessagePush;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.ServerFrame;
import org.junit.jupiter.api.Test;

class MessageRulesTest {
    @Test
    void text_emptyInvalid_32768Valid_32769Invalid_measuredAsUtf8() {
        assertThat(MessageRules.isValid(MessageRules.TEXT, "", 0)).isFalse();
        assertThat(MessageRules.isValid(MessageRules.TEXT, "a".repeat(32_768), 0)).isTrue();
        assertThat(MessageRules.isValid(MessageRules.TEXT, "a".repeat(32_769), 0)).isFalse();
        assertThat(MessageRules.isValid(MessageRules.TEXT, "é".repeat(16_384), 0)).isTrue();
        assertThat(MessageRules.isValid(MessageRules.TEXT, "é".repeat(16_384) + "a", 0)).isFalse();
    }

    @Test
    void raw_bytesPlusDescriptionTogether() {
        assertThat(MessageRules.isValid(MessageRules.RAW, "", 0)).isFalse();
        assertThat(MessageRules.isValid(MessageRules.RAW, "", 32_768)).isTrue();
        assertThat(MessageRules.isValid(MessageRules.RAW, "d", 32_767)).isTrue();
        assertThat(MessageRules.isValid(MessageRules.RAW, "dd", 32_767)).isFalse();
        assertThat(MessageRules.isValid(0, "x", 1)).isFalse();
    }

    @Test
    void text_withARawPayload_isInvalid() {
        assertThat(MessageRules.isValid(MessageRules.TEXT, "hi", 1)).isFalse();
        assertThat(MessageRules.isValidSize(MessageRules.TEXT, 2, 96 * 1024)).isFalse();
        MessageBody textPlusRaw = MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText("hi")
                .setRaw(ByteString.copyFrom(new byte[10])).build();
        assertThat(MessageRules.isValid(textPlusRaw)).isFalse();
        assertThat(MessageRules.known(textPlusRaw)).isNull();
    }

    @Test
    void known_dropsUnknownFields_keepsTypeTextAndRaw() {
        UnknownFieldSet extra = UnknownFieldSet.newBuilder().addField(15, UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFrom(new byte[90_000])).build()).build();
        MessageBody sent = MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_RAW).setText("desc")
                .setRaw(ByteString.copyFromUtf8("payload")).setUnknownFields(extra).build();
        assertThat(sent.getSerializedSize()).isGreaterThan(90_000);

        MessageBody known = MessageRules.known(sent);
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
            assertThat(MessageRules.known(body)).isNotNull();
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
