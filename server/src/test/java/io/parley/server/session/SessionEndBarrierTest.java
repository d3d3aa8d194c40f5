package io.parley.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.token.TokenVerifier;
import io.parley.protocol.v1.Attribute;
import io.parley.server.attributes.UserAttributeService;
import io.parley.server.auth.Authenticator;
import io.parley.server.channels.ChannelService;
import io.parley.server.config.ServerConfig;
import io.parley.server.presence.PresenceService;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The end of a session is a barrier: joins, subscriptions, attribute writes and rate-limit
 * lookups racing a second login of the same user (which ends the first session) leave nothing of
 * the ended session behind. Many seeded rounds of real threads.
 */
class SessionEndBarrierTest {
    @Test
    void workRacingASecondLogin_leavesNoGhostState() throws Exception {
        FakeTime time = new FakeTime();
        ServerConfig config = ServerConfig.builder().app("app").build();
        SessionService sessions = new SessionService(new Authenticator(config,
                new TokenVerifier(() -> time.currentTimeMillis() / 1000, true, 300)), new SessionRegistry(), time);
        SessionRateLimits limits = new SessionRateLimits(Map.of(Operation.JOIN, 0, Operation.JOIN_SAME_CHANNEL, 0,
                Operation.PRESENCE_SUBSCRIBE, 0, Operation.USER_ATTRIBUTE_WRITE, 0), time::nanoTime);
        ChannelService channels = new ChannelService(limits, time);
        PresenceService presence = new PresenceService(sessions.registry(), limits);
        UserAttributeService attributes = new UserAttributeService(sessions.registry(), limits);
        sessions.addListener(channels);
        sessions.addListener(presence);
        sessions.addListener(attributes);
        sessions.addListener(new SessionListener() {
            @Override
            public void sessionEnded(Session session, SessionEndReason reason) {
                limits.forget(session.id());
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicInteger rid = new AtomicInteger();
        try {
            for (int seed = 0; seed < 300; seed++) {
                Random random = new Random(seed);
                Session first = sessions.login(new FakeConnection("a" + seed), "app", "racer", "", "").session();
                CyclicBarrier go = new CyclicBarrier(2);
                int delay = random.nextInt(50);
                Future<?> work = pool.submit(() -> {
                    await(go);
                    for (int i = 0; i < 6; i++) {
                        channels.join(first, rid.incrementAndGet(), "room-" + (i + delay % 3));
                        presence.subscribe(first, rid.incrementAndGet(), List.of("peer-" + i));
                        attributes.write(first, rid.incrementAndGet(), UserAttributeService.Write.ADD_OR_UPDATE,
                                List.of(Attribute.newBuilder().setKey("k" + i).setValue("v").build()), List.of());
                    }
                });
                Future<?> secondLogin = pool.submit(() -> {
                    await(go);
                    for (int spin = 0; spin < delay * 20; spin++) {
                        Thread.onSpinWait(); // a seed-chosen point inside the other thread's work
                    }
                    sessions.login(new FakeConnection("b"), "app", "racer", "", "");
                });
                work.get(10, TimeUnit.SECONDS);
                secondLogin.get(10, TimeUnit.SECONDS);
                assertThat(first.isEnded()).isTrue();
                Session current = sessions.registry().get("app", "racer");
                sessions.end(current, SessionEndReason.LOGOUT, io.parley.protocol.v1.DisconnectCode.LOGGED_OUT, "bye");

                assertThat(channels.membershipEntries()).as("seed %d: channel state of ended sessions", seed).isZero();
                assertThat(presence.subscribedSessions()).as("seed %d: subscriptions", seed).isZero();
                assertThat(attributes.sessionsWithAttributes()).as("seed %d: attributes", seed).isZero();
                assertThat(limits.trackedSessions()).as("seed %d: rate limiters", seed).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
