package io.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisUrisTest {
    @Test
    void passwords_neverShow() {
        assertThat(RedisUris.redacted("redis://parley:s3cret@redis:6379")).isEqualTo("redis://parley:***@redis:6379");
        assertThat(RedisUris.redacted("rediss://:s3cret@redis:6380/0")).isEqualTo("rediss://:***@redis:6380/0");
        assertThat(RedisUris.redacted("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
        assertThat(RedisUris.redacted("redis://p%40ss@h:1")).doesNotContain("p%40ss");
    }

    @Test
    void aBadRedisSetting_isReported_withoutItsPassword() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--redis", "parley:s3cret@redis:6379"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageNotContaining("s3cret");
    }
}
