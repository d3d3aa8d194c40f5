package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.server.cluster.UserDirectory.Location;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** User attributes readable across nodes; run against the local and the Redis implementation. */
abstract class AbstractUserAttributesContractTest {
    /** The directory both sides use, and the attribute store; node "n1" is alive. */
    protected abstract UserDirectory directory() throws Exception;

    protected abstract ClusterUserAttributes create(UserDirectory directory) throws Exception;

    private UserDirectory dir;
    private ClusterUserAttributes attrs;

    @BeforeEach
    void open() throws Exception {
        dir = directory();
        attrs = create(dir);
    }

    @Test
    void theOwnersAttributes_andNothingOnceReplacedOrOffline() {
        assertThat(attrs.read("app", "kim").join()).as("not online").isNull();
        dir.claim("app", "kim", new Location("n1", "s1", false)).join();
        attrs.saved("app", "kim", "s1", Map.of("mood", "calm"));
        await().atMost(Duration.ofSeconds(5)).until(() -> Map.of("mood", "calm").equals(attrs.read("app", "kim").join()));

        dir.claim("app", "kim", new Location("n1", "s2", false)).join(); // logged in again: a new session
        assertThat(attrs.read("app", "kim").join()).as("the old session's attributes are not the new one's").isEmpty();
        attrs.saved("app", "kim", "s2", Map.of("mood", "busy"));
        attrs.cleared("app", "kim", "s1"); // the replaced session ends late: must not remove the new ones
        await().atMost(Duration.ofSeconds(5)).until(() -> Map.of("mood", "busy").equals(attrs.read("app", "kim").join()));

        attrs.cleared("app", "kim", "s2");
        dir.release("app", "kim", "s2").join();
        await().atMost(Duration.ofSeconds(5)).until(() -> attrs.read("app", "kim").join() == null);
    }
}
