package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.FrameLimits;
import io.parley.protocol.v1.ChannelMembers;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.Pong;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.metrics.ParleyMetrics;
import io.parley.server.session.EncodedFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSizeGuardTest {
    private final List<Enum<?>> oversize = new ArrayList<>();
    private final ParleyMetrics metrics = new ParleyMetrics() {
        @Override
        public void oversizeFrame(Enum<?> type) {
            oversize.add(type);
        }
    };

    private static ServerFrame membersOf(int bytes, int requestId) {
        ChannelMembers.Builder m = ChannelMembers.newBuilder();
        int size = 0;
        for (int n = 0; size < bytes; n++) {
            String id = "u".repeat(60) + n;
            m.addUserIds(id);
            size += 2 + id.length(); // tag and length byte per id
        }
        return ServerFrame.newBuilder().setRequestId(requestId).setChannelMembers(m).build();
    }

    @Test
    void frameWithinTheLimit_passesUnchanged() {
        ServerFrame pong = ServerFrame.newBuilder().setRequestId(3).setPong(Pong.newBuilder().setServerTimeMs(1)).build();
        assertThat(FrameSizeGuard.check(pong, metrics)).isSameAs(pong);
        assertThat(FrameSizeGuard.fits(EncodedFrame.of(pong), metrics)).isTrue();
        assertThat(oversize).isEmpty();
    }

    @Test
    void oversizeReply_becomesAnInternalErrorForTheSameRequest_andIsCounted() {
        ServerFrame big = membersOf(FrameLimits.MAX_FRAME_BYTES + 10, 42);
        assertThat(big.getSerializedSize()).isGreaterThan(FrameLimits.MAX_FRAME_BYTES);

        ServerFrame written = FrameSizeGuard.check(big, metrics);

        assertThat(written.getRequestId()).isEqualTo(42);
        assertThat(written.getStatus().getCode()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(written.getSerializedSize()).isLessThan(200);
        assertThat(oversize).containsExactly(ServerFrame.BodyCase.CHANNEL_MEMBERS);
    }

    @Test
    void oversizePush_isNotWritten_andIsCounted() {
        ServerFrame push = membersOf(FrameLimits.MAX_FRAME_BYTES + 10, 0);
        assertThat(FrameSizeGuard.check(push, metrics)).isNull();
        assertThat(FrameSizeGuard.fits(EncodedFrame.of(push), metrics)).isFalse();
        assertThat(FrameSizeGuard.fits(EncodedFrame.relayed(push.toByteArray()), metrics)).isFalse();
        assertThat(oversize).containsExactly(ServerFrame.BodyCase.CHANNEL_MEMBERS, ServerFrame.BodyCase.CHANNEL_MEMBERS,
                EncodedFrame.Kind.RELAYED);
    }

    @Test
    void frameOfExactlyTheLimit_isWritten() {
        ServerFrame frame = membersOf(FrameLimits.MAX_FRAME_BYTES - 200, 0);
        int pad = FrameLimits.MAX_FRAME_BYTES - frame.getSerializedSize();
        // top up with one more member of the right length to land on the limit exactly
        ServerFrame exact = null;
        for (int extra = Math.max(1, pad - 70); extra <= pad && exact == null; extra++) {
            ServerFrame f = frame.toBuilder().setChannelMembers(frame.getChannelMembers().toBuilder()
                    .addUserIds("x".repeat(extra))).build();
            if (f.getSerializedSize() == FrameLimits.MAX_FRAME_BYTES) {
                exact = f;
            }
        }
        assertThat(exact).isNotNull();
        assertThat(FrameSizeGuard.check(exact, metrics)).isSameAs(exact);
        assertThat(FrameSizeGuard.fits(EncodedFrame.of(exact), metrics)).isTrue();
        assertThat(oversize).isEmpty();
    }
}
