package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.cluster.UserDirectory.Location;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link UserDirectory} guarantees; run against the local and the Redis implementation. */
abstract class AbstractUserDirectoryContractTest {
    protected abstract UserDirectory create() throws Exception;

    private UserDirectory dir;

    @BeforeEach
    void open() throws Exception {
        dir = create();
    }

    @Test
    void newestClaimWins_andReturnsWhomItReplaced() {
        assertThat(dir.claim("app", "bob", new Location("n1", "s1", false)).join()).isNull();
        assertThat(dir.claim("app", "bob", new Location("n2", "s2", false)).join()).isEqualTo(new Location("n1", "s1", false));
        assertThat(dir.locate("app", "bob").join()).isEqualTo(new Location("n2", "s2", false));
    }

    @Test
    void onlyTheOwnerReleasesOrMarksReachability() {
        dir.claim("app", "bob", new Location("n1", "s1", false)).join();
        dir.claim("app", "bob", new Location("n2", "s2", false)).join();
        dir.release("app", "bob", "s1").join(); // the replaced session ends later: must not remove the new owner
        dir.reachable("app", "bob", "s1", false).join();
        assertThat(dir.locate("app", "bob").join()).isEqualTo(new Location("n2", "s2", false));
        dir.reachable("app", "bob", "s2", false).join();
        assertThat(dir.locate("app", "bob").join().unreachable()).isTrue();
        dir.reachable("app", "bob", "s2", true).join();
        assertThat(dir.locate("app", "bob").join().unreachable()).isFalse();
        dir.release("app", "bob", "s2").join();
        assertThat(dir.locate("app", "bob").join()).isNull();
    }

    @Test
    void sessionIdsMatchWhole_appsAndUsersAreSeparate() {
        dir.claim("app", "bob", new Location("n1", "s12", false)).join();
        dir.release("app", "bob", "s1").join(); // a prefix of the owner's id is not the owner
        assertThat(dir.locate("app", "bob").join()).isNotNull();
        assertThat(dir.locate("other", "bob").join()).isNull();
        assertThat(dir.locate("app", "bo").join()).isNull();
        assertThat(dir.locate("app", "nobody").join()).isNull();
    }
}
