package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisLoadingException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Redis being unavailable is told from a bug, however deep the failure is wrapped. */
class RedisFailuresTest {
    @Test
    void aFailureOfRedis_isDescribed_howeverDeepItIsWrapped() {
        assertThat(RedisFailures.describe(new CompletionException(new IllegalStateException("relay",
                new RedisConnectionException("Connection refused"))))).isEqualTo("Connection refused");
        assertThat(RedisFailures.describe(new RedisCommandTimeoutException("Command timed out after 5 second(s)")))
                .isEqualTo("Command timed out after 5 second(s)");
    }

    @Test
    void aMasterThatCannotServeForNow_isUnavailable() {
        assertThat(RedisFailures.describe(new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")))
                .isEqualTo("CLUSTERDOWN The cluster is down");
        assertThat(RedisFailures.describe(new RedisLoadingException("LOADING Redis is loading the dataset in memory")))
                .startsWith("LOADING");
    }

    @Test
    void aWrongCommand_orAnythingElse_isNot() {
        assertThat(RedisFailures.describe(new RedisCommandExecutionException(
                "WRONGTYPE Operation against a key holding the wrong kind of value"))).isNull();
        assertThat(RedisFailures.describe(new CompletionException(new NullPointerException("bug")))).isNull();
        assertThat(RedisFailures.describe(null)).isNull();
    }
}
