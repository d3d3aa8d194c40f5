package io.parley.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistoryHandleTest {
    @Test
    void roundTrips_withAndWithoutEitherEnd_andRefusesWhatIsNotAHandle() {
        HistoryHandle both = new HistoryHandle("app", "a:b", "room", 1, 2, 3, 20, true, 99);
        HistoryHandle destOnly = new HistoryHandle("app", null, "bob", 0, Long.MAX_VALUE, 0, 100, false, 5);
        assertThat(HistoryHandle.decode(both.encode())).isEqualTo(both);
        assertThat(HistoryHandle.decode(destOnly.encode())).isEqualTo(destOnly);
        assertThat(both.encode()).matches("[A-Za-z0-9_-]+").as("safe in a URL path");
        assertThat(HistoryHandle.decode("not-a-handle")).isNull();
        assertThat(HistoryHandle.decode(both.encode() + "AA")).isNull();
        assertThat(HistoryHandle.decode("")).isNull();
    }

    @Test
    void times_acceptAgorasFormatFractionsAndOffsets_andRefuseTheRest() {
        assertThat(RestTime.parseMillis("t", "2019-08-01T01:24:10Z")).isEqualTo(1564622650000L);
        assertThat(RestTime.parseMillis("t", "2019-08-01T01:24:10.039Z")).isEqualTo(1564622650039L);
        assertThat(RestTime.parseMillis("t", "2019-08-01T09:24:10+08:00")).isEqualTo(1564622650000L);
        assertThat(RestTime.parseMillis("t", "\"2019-08-01T01:24:10Z\"")).isEqualTo(1564622650000L);
        for (String bad : new String[] {"2019-08-01", "yesterday", "2019-08-01T01:24:10", "1564622650"}) {
            try {
                RestTime.parseMillis("start_time", bad);
                throw new AssertionError("accepted " + bad);
            } catch (RestError e) {
                assertThat(e.status).isEqualTo(400);
                assertThat(e.getMessage()).contains("start_time");
            }
        }
    }
}
