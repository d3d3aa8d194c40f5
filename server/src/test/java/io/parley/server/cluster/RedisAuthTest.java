package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cluster mode on a real redis-server that requires a password (and has an ACL user). */
class RedisAuthTest {
    private static RedisProcess redis;

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisProcess("--requirepass", "default-pw-9f3", "--user", "parley", "on", ">parley-pw-7c1", "~*",
                "&*", "+@all");
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
    }

    private static void roundTrip(String uri) throws Exception {
        try (RedisConnector c = new RedisConnector(uri)) {
            c.async().set("k", "v".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get();
            assertThat(new String(c.async().get("k").toCompletableFuture().get(), StandardCharsets.UTF_8)).isEqualTo("v");
            assertThat(c.healthy()).isTrue();
        }
    }

    @Test
    void passwordOnly_andUserPlusPassword_bothAuthenticate() throws Exception {
        roundTrip("redis://:default-pw-9f3@127.0.0.1:" + redis.port());
        roundTrip("redis://parley:parley-pw-7c1@127.0.0.1:" + redis.port());
    }

    @Test
    void aMissingOrWrongPassword_fails_andTheErrorNamesNoPassword() {
        Throwable none = catchThrowable(() -> roundTrip("redis://127.0.0.1:" + redis.port()));
        assertThat(none).isNotNull();
        Throwable wrong = catchThrowable(() -> roundTrip("redis://parley:wrong-pw-31@127.0.0.1:" + redis.port()));
        assertThat(wrong).isNotNull();
        for (Throwable t = wrong; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("wrong-pw-31");
        }
    }
}
