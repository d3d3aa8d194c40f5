package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {
    @ParameterizedTest
    @ValueSource(strings = {"alice", "a", "user 1", "!#$%&()+-:;<=.>?@[]^_{}|~,", "0123456789"})
    void isValidUserId_allowedCharacters_true(String id) {
        assertThat(Identifiers.isValidUserId(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", " alice", "ali/ce", "ali\"ce", "é", "tab\t", "a*b"})
    void isValidUserId_forbidden_false(String id) {
        assertThat(Identifiers.isValidUserId(id)).isFalse();
    }

    @Test
    void isValidUserId_lengthBoundary_64Accepted65Rejected() {
        assertThat(Identifiers.isValidUserId("a".repeat(64))).isTrue();
        assertThat(Identifiers.isValidUserId("a".repeat(65))).isFalse();
        assertThat(Identifiers.isValidUserId(null)).isFalse();
    }

    @Test
    void utf8Length_countsMultiByteCharacters() {
        assertThat(Identifiers.utf8Length("abc")).isEqualTo(3);
        assertThat(Identifiers.utf8Length("é")).isEqualTo(2);
        assertThat(Identifiers.utf8Length("€")).isEqualTo(3);
        assertThat(Identifiers.utf8Length("😀")).isEqualTo(4);
        assertThat(Identifiers.utf8Length("😀")).isEqualTo("😀".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
