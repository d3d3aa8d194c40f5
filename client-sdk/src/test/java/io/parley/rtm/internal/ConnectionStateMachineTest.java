package io.parley.rtm.internal;

import static io.parley.rtm.internal.ConnState.ABORTED;
import static io.parley.rtm.internal.ConnState.CONNECTED;
import static io.parley.rtm.internal.ConnState.CONNECTING;
import static io.parley.rtm.internal.ConnState.DISCONNECTED;
import static io.parley.rtm.internal.ConnState.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole §4.1 table: every (state, event) pair, including the ones that must be ignored. */
class ConnectionStateMachineTest {
    private static String t(ConnState to, int reason) {
        return to + "/" + reason;
    }

    @Test
    void transitionTable_matchesRtm() {
        Map<ConnState, Map<ConnEvent, String>> expected = new EnumMap<>(ConnState.class);
        for (ConnState s : ConnState.values()) {
            expected.put(s, new EnumMap<>(ConnEvent.class));
        }
        expected.get(DISCONNECTED).put(ConnEvent.LOGIN, t(CONNECTING, 1));
        expected.get(CONNECTING).put(ConnEvent.LOGIN_OK, t(CONNECTED, 2));
        expected.get(CONNECTING).put(ConnEvent.LOGIN_FAILED, t(DISCONNECTED, 3));
        expected.get(CONNECTING).put(ConnEvent.LOGIN_TIMED_OUT, t(DISCONNECTED, 4));
        expected.get(CONNECTED).put(ConnEvent.CONNECTION_LOST, t(RECONNECTING, 5));
        expected.get(RECONNECTING).put(ConnEvent.LOGIN_OK, t(CONNECTED, 2));
        for (ConnState s : new ConnState[] {CONNECTED, RECONNECTING}) {
            expected.get(s).put(ConnEvent.REMOTE_LOGIN, t(ABORTED, 8));
            expected.get(s).put(ConnEvent.BANNED, t(ABORTED, 7));
        }
        expected.get(CONNECTED).put(ConnEvent.TOKEN_EXPIRED, t(ABORTED, 9));
        for (ConnState s : new ConnState[] {CONNECTING, CONNECTED, RECONNECTING, ABORTED}) {
            expected.get(s).put(ConnEvent.LOGOUT, t(DISCONNECTED, 6));
        }

        for (ConnState s : ConnState.values()) {
            for (ConnEvent e : ConnEvent.values()) {
                ConnectionStateMachine.Transition tr = ConnectionStateMachine.next(s, e);
                String actual = tr == null ? null : t(tr.to(), tr.reason());
                assertThat(actual).as(s + " + " + e).isEqualTo(expected.get(s).get(e));
            }
        }
    }

    @Test
    void stateValues_areTheRtmConstants() {
        assertThat(DISCONNECTED.value()).isEqualTo(1);
        assertThat(CONNECTING.value()).isEqualTo(2);
        assertThat(CONNECTED.value()).isEqualTo(3);
        assertThat(RECONNECTING.value()).isEqualTo(4);
        assertThat(ABORTED.value()).isEqualTo(5);
    }
}
