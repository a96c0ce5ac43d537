package org.medsoc.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordFormatTest {
    @Test
    void encodesStringsExactlyAsTheJdkDoes() {
        Random random = new Random(7);
        String[] fixed = {"", "ascii", "é", "医院", "😀", "a\uD800b", "\uDC00", "x\uD83D", "\u07FF\u0800\uFFFF"};
        for (int i = 0; i < fixed.length + 2000; i++) {
            String s = i < fixed.length ? fixed[i] : randomString(random);
            byte[] expected = s.getBytes(StandardCharsets.UTF_8);
            assertThat(RecordFormat.utf8Length(s)).as("length of %s", s).isEqualTo(expected.length);
            ByteBuffer b = ByteBuffer.allocate(expected.length);
            RecordFormat.putUtf8(b, s);
            assertThat(Arrays.copyOf(b.array(), b.position())).as("bytes of %s", s).isEqualTo(expected);
        }
    }

    @Test
    void segmentFileNamesRoundTrip() {
        assertThat(RecordFormat.segmentFileName(1)).isEqualTo("journal-00000000000000000001.log");
        assertThat(RecordFormat.parseSegmentFileName(RecordFormat.segmentFileName(1234567890123L)))
                .isEqualTo(1234567890123L);
        assertThat(RecordFormat.parseSegmentFileName("journal-0000000000000000000x.log")).isEqualTo(-1);
        assertThat(RecordFormat.parseSegmentFileName("journal.lock")).isEqualTo(-1);
        assertThat(RecordFormat.parseSegmentFileName("journal-00000000000000000000.log")).isEqualTo(-1);
    }

    private static String randomString(Random random) {
        char[] chars = new char[random.nextInt(12)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = switch (random.nextInt(4)) {
                case 0 -> (char) random.nextInt(0x80);
                case 1 -> (char) (0x80 + random.nextInt(0x780));
                case 2 -> (char) (0xD800 + random.nextInt(0x800));
                default -> (char) random.nextInt(0x10000);
            };
        }
        return new String(chars);
    }
}
