package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageRulesTest {
    @Test
    void text_emptyInvalid_32768Valid_32769Invalid_measuredAsUtf8() {
        assertThat(MessageRules.isValid(MessageRules.TEXT, "", 0)).isFalse();
        assertThat(MessageRules.isValid(MessageRules.TEXT, "a".repeat(32_768), 0)).isTrue();
        assertThat(MessageRules.isValid(MessageRules.TEXT, "a".repeat(32_769), 0)).isFalse();
        assertThat(MessageRules.isValid(MessageRules.TEXT, "é".repeat(16_384), 0)).isTrue();
        assertThat(MessageRules.isValid(MessageRules.TEXT, "é".repeat(16_384) + "a", 0)).isFalse();
    }

    @Test
    void raw_bytesPlusDescriptionTogether() {
        assertThat(MessageRules.isValid(MessageRules.RAW, "", 0)).isFalse();
        assertThat(MessageRules.isValid(MessageRules.RAW, "", 32_768)).isTrue();
        assertThat(MessageRules.isValid(MessageRules.RAW, "d", 32_767)).isTrue();
        assertThat(MessageRules.isValid(MessageRules.RAW, "dd", 32_767)).isFalse();
        assertThat(MessageRules.isValid(0, "x", 1)).isFalse();
    }

    @Test
    void text_withARawPayload_isInvalid() {
        assertThat(MessageRules.isValid(MessageRules.TEXT, "hi", 1)).isFalse();
        assertThat(MessageRules.isValidSize(MessageRules.TEXT, 2, 96 * 1024)).isFalse();
    }
}
