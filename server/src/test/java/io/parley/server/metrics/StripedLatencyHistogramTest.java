package io.parley.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StripedLatencyHistogramTest {
    @Test
    void recordingsFromSeveralThreads_addUpInTheScrape_asACumulativeHistogram() throws Exception {
        MicrometerMetrics metrics = new MicrometerMetrics();
        metrics.peerDeliveryLatency(3_000_000); // 3 ms
        Thread other = new Thread(() -> {
            metrics.peerDeliveryLatency(20_000_000); // 20 ms
            metrics.peerDeliveryLatency(-5); // a clock step backwards counts as 0
        });
        other.start();
        other.join();

        String text = metrics.scrape();
        assertThat(text).contains("# TYPE parley_peer_delivery_latency_seconds histogram");
        assertThat(text).contains("parley_peer_delivery_latency_seconds_bucket{le=\"5.0E-4\"} 1");
        assertThat(text).contains("parley_peer_delivery_latency_seconds_bucket{le=\"0.0025\"} 1");
        assertThat(text).contains("parley_peer_delivery_latency_seconds_bucket{le=\"0.005\"} 2");
        assertThat(text).contains("parley_peer_delivery_latency_seconds_bucket{le=\"0.025\"} 3");
        assertThat(text).contains("parley_peer_delivery_latency_seconds_bucket{le=\"+Inf\"} 3");
        assertThat(text).contains("parley_peer_delivery_latency_seconds_count 3");
        assertThat(text).contains("parley_peer_delivery_latency_seconds_sum 0.023");
    }
}
