package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bans kept for nodes that start later: every ban in force is found, on a single Redis and across a Redis Cluster's masters. */
class RedisBansTest {
    @ParameterizedTest
    @EnumSource(RedisTarget.class)
    void everyBanInForce_isListed_andAnUnbanIsNot(RedisTarget redis) {
        RedisBans bans = new RedisBans(redis.fresh());
        long until = System.currentTimeMillis() + 600_000;
        int n = 1_200; // more than one SCAN page, spread over every master of a cluster
        for (int i = 0; i < n; i++) {
            bans.save("app", "user:" + i, until);
        }
        bans.save("app2", "x}y{z", until); // ids may hold ':' and braces
        bans.delete("app", "user:7");

        await().atMost(Duration.ofSeconds(10)).until(() -> bans.all().join().size() == n);
        List<String[]> all = bans.all().join();
        assertThat(all).extracting(b -> b[0] + "/" + b[1])
                .contains("app/user:0", "app/user:1199", "app2/x}y{z").doesNotContain("app/user:7");
        assertThat(all).allMatch(b -> Long.parseLong(b[2]) == until);
    }

    @ParameterizedTest
    @EnumSource(RedisTarget.class)
    void anEndedBan_isNotListed_butTheSameUsersNewerBanIs(RedisTarget redis) {
        RedisBans bans = new RedisBans(redis.fresh());
        long now = System.currentTimeMillis();
        bans.save("app", "gone", now + 300);
        bans.save("app", "again", now + 300);
        await().atMost(Duration.ofSeconds(10)).until(() -> bans.all().join().size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> bans.all().join().isEmpty()); // both ended
        bans.save("app", "again", now + 600_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> bans.all().join().size() == 1);
        assertThat(bans.all().join().get(0)).containsExactly("app", "again", String.valueOf(now + 600_000));
    }

    /** A ban an earlier version kept as its own key is still in force after the upgrade. */
    @org.junit.jupiter.api.Test
    void aBanOfTheEarlierKeyLayout_isMovedAtStart() {
        RedisConnector redis = RedisTarget.SINGLE.fresh();
        long until = System.currentTimeMillis() + 600_000;
        redis.async().set("parley:ban:app:old:user", RedisConnector.bytes(until)).toCompletableFuture().join();

        List<String[]> all = new RedisBans(redis).all().join();

        assertThat(all).hasSize(1);
        assertThat(all.get(0)).containsExactly("app", "old:user", String.valueOf(until));
        assertThat(redis.async().exists("parley:ban:app:old:user").toCompletableFuture().join()).isZero();
    }
}
