package org.medsoc.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsTextTest {
    @Test
    void chineseCharactersCountAsOne() {
        assertThat(SmsText.length("医院告警")).isEqualTo(4);
        assertThat(SmsText.segments("医".repeat(70))).isEqualTo(1);
        assertThat(SmsText.segments("医".repeat(71))).isEqualTo(2);
        assertThat(SmsText.segments("医".repeat(134))).isEqualTo(2);
        assertThat(SmsText.segments("医".repeat(135))).isEqualTo(3);
        assertThat(SmsText.segments("")).isZero();
    }

    @Test
    void truncatesToOneSmsIncludingSignature() {
        String cut = SmsText.truncate("告".repeat(100), 1, 5);
        assertThat(cut).hasSize(65).endsWith("…");
        assertThat(SmsText.truncate("短消息", 1, 5)).isEqualTo("短消息");
    }

    @Test
    void truncatesToSeveralSegments() {
        assertThat(SmsText.truncate("x".repeat(500), 3, 0)).hasSize(201);
    }

    @Test
    void neverSplitsASurrogatePair() {
        String text = "a".repeat(68) + "😀😀😀";
        String cut = SmsText.truncate(text, 1, 0);
        assertThat(cut).isEqualTo("a".repeat(68) + "…");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            assertThat(Character.isSurrogate(c)).isFalse();
        }
    }
}
