package io.parley.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.token.TokenVerifier;
import io.parley.protocol.v1.PeerOnlineState;
import io.parley.protocol.v1.PeerStatus;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.auth.Authenticator;
import io.parley.server.config.ServerConfig;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.session.FakeConnection;
import io.parley.server.session.FakeTime;
import io.parley.server.session.Session;
import io.parley.server.session.SessionRegistry;
import io.parley.server.session.SessionService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PresenceServiceTest {
    private final FakeTime time = new FakeTime();
    private SessionService sessions;
    private PresenceService presence;

    @BeforeEach
    void setUp() {
        ServerConfig config = ServerConfig.builder().app("app").build();
        sessions = new SessionService(new Authenticator(config,
                new TokenVerifier(() -> time.currentTimeMillis() / 1000, true, 300)), new SessionRegistry(), time);
        presence = new PresenceService(sessions.registry(), new SessionRateLimits(Map.of(), time::nanoTime));
        sessions.addListener(presence);
    }

    private static List<PeerOnlineState> pushedStates(FakeConnection c) {
        return c.sent.stream().filter(ServerFrame::hasPeersStatusChanged)
                .flatMap(f -> f.getPeersStatusChanged().getStatusesList().stream()).map(PeerStatus::getState).toList();
    }

    @Test
    void remoteLogin_doesNotFlashOfflineToSubscribers() {
        FakeConnection watcherConn = new FakeConnection("w");
        Session watcher = sessions.login(watcherConn, "app", "watcher", "", "").session();
        sessions.login(new FakeConnection("b1"), "app", "bob", "", "");
        presence.subscribe(watcher, 1, List.of("bob"));

        sessions.login(new FakeConnection("b2"), "app", "bob", "", ""); // bob logs in elsewhere

        assertThat(pushedStates(watcherConn)).isEmpty();
    }

    @Test
    void pushes_goOnlyToSubscribers_andOnlyOnChange() {
        FakeConnection watcherConn = new FakeConnection("w");
        FakeConnection bystanderConn = new FakeConnection("x");
        Session watcher = sessions.login(watcherConn, "app", "watcher", "", "").session();
        sessions.login(bystanderConn, "app", "bystander", "", "");
        presence.subscribe(watcher, 1, List.of("bob"));

        Session bob = sessions.login(new FakeConnection("b"), "app", "bob", "", "").session();
        sessions.touch(bob);
        sessions.logout(bob);

        assertThat(pushedStates(watcherConn)).containsExactly(PeerOnlineState.PEER_STATE_ONLINE, PeerOnlineState.PEER_STATE_OFFLINE);
        assertThat(pushedStates(bystanderConn)).isEmpty();
    }
}
