package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Bans kept for nodes that start or recover later; run against the in-memory and the Redis implementations. */
abstract class AbstractSharedBansContractTest {
    /** A store emptied just now. */
    protected abstract SharedBans bans();

    private static String key(ClusterBans.Banned b) {
        return b.appId() + "/" + b.userId() + "@" + b.untilMillis();
    }

    @Test
    void everyBanInForce_isListed_andAnUnbanIsNot() {
        SharedBans bans = bans();
        long until = System.currentTimeMillis() + 600_000;
        int n = 1_200; // more than one SCAN page, spread over every master of a cluster
        CompletableFuture<?>[] saved = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            saved[i] = bans.save("app", "user:" + i, until);
        }
        CompletableFuture.allOf(saved).join();
        bans.save("app2", "x}y{z", until).join(); // ids may hold ':' and braces
        bans.delete("app", "user:7").join();

        List<ClusterBans.Banned> all = bans.all().join();
        assertThat(all).hasSize(n);
        assertThat(all).extracting(b -> b.appId() + "/" + b.userId())
                .contains("app/user:0", "app/user:1199", "app2/x}y{z").doesNotContain("app/user:7");
        assertThat(all).allMatch(b -> b.untilMillis() == until);
    }

    @Test
    void anEndedBan_isNotListed_butTheSameUsersNewerBanIs() {
        SharedBans bans = bans();
        long now = System.currentTimeMillis();
        bans.save("app", "gone", now + 1_500).join();
        bans.save("app", "again", now + 1_500).join();
        bans.save("app", "never", now - 1).join(); // ended before it was kept
        assertThat(bans.all().join()).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> bans.all().join().isEmpty()); // both ended
        bans.save("app", "again", now + 600_000).join();
        assertThat(bans.all().join()).containsExactly(new ClusterBans.Banned("app", "again", now + 600_000));
    }

    @Test
    void restoredBans_areKept_butALaterEndKeptAlreadyWins() {
        SharedBans bans = bans();
        long now = System.currentTimeMillis();
        bans.save("app", "kept-later", now + 900_000).join();
        bans.save("app", "kept-sooner", now + 100_000).join();

        bans.restore(List.of(new ClusterBans.Banned("app", "kept-later", now + 300_000),
                new ClusterBans.Banned("app", "kept-sooner", now + 300_000),
                new ClusterBans.Banned("app2", "lost", now + 300_000))).join();
        bans.restore(List.of()).join();

        assertThat(bans.all().join()).extracting(AbstractSharedBansContractTest::key).containsExactlyInAnyOrder(
                "app/kept-later@" + (now + 900_000), "app/kept-sooner@" + (now + 300_000),
                "app2/lost@" + (now + 300_000));
    }
}
