package io.parley.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.session.EncodedFrame;
import org.junit.jupiter.api.Test;

class StripedCountersTest {
    @Test
    void countsFromSeveralThreads_addUpPerValue_andOnlyCountedValuesAppear() throws Exception {
        MicrometerMetrics metrics = new MicrometerMetrics();
        metrics.frameIn(ClientFrame.BodyCase.SEND_PEER_MESSAGE);
        metrics.peerMessage(ErrorCode.OK);
        Thread other = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                metrics.frameIn(ClientFrame.BodyCase.SEND_PEER_MESSAGE);
            }
            metrics.frameIn(ClientFrame.BodyCase.DELIVERY_ACK);
            metrics.peerMessage(ErrorCode.OK);
            metrics.peerMessage(ErrorCode.TOO_OFTEN);
        });
        other.start();
        other.join();

        String text = metrics.scrape();
        assertThat(text).contains("# TYPE parley_frames_in_total counter");
        assertThat(text).contains("parley_frames_in_total{type=\"SEND_PEER_MESSAGE\"} 1001");
        assertThat(text).contains("parley_frames_in_total{type=\"DELIVERY_ACK\"} 1");
        assertThat(text).doesNotContain("type=\"LOGIN\"");
        assertThat(text).contains("parley_peer_messages_total{code=\"OK\"} 2");
        assertThat(text).contains("parley_peer_messages_total{code=\"TOO_OFTEN\"} 1");
    }

    @Test
    void constantsOfTwoEnumTypes_shareOneFamily() {
        MicrometerMetrics metrics = new MicrometerMetrics();
        metrics.frameOut(ServerFrame.BodyCase.PEER_MESSAGE);
        metrics.frameOut(EncodedFrame.Kind.RELAYED); // a type first seen after counting has started: the stripe grows
        metrics.frameOut(EncodedFrame.Kind.RELAYED);
        metrics.frameOut(ServerFrame.BodyCase.PEER_MESSAGE);

        String text = metrics.scrape();
        assertThat(text).contains("parley_frames_out_total{type=\"PEER_MESSAGE\"} 2");
        assertThat(text).contains("parley_frames_out_total{type=\"RELAYED\"} 2");
    }
}
