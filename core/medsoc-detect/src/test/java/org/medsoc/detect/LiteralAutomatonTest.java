package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The prefilter automaton reports every key a text contains case-insensitively, in any of the engine's senses. */
class LiteralAutomatonTest {
    private static final String ALPHABET = "abcAB-/ kKsSiI\u212a\u017f\u0130\u0131\u00e9\u00c9\u03c3\u03a3\u03c2\u2013";

    @Test
    void marksEveryRuleWhoseKeyOccursIgnoringCase() {
        Map<String, int[]> keys = new LinkedHashMap<>();
        keys.put("cmd", new int[] {0});
        keys.put("md.exe", new int[] {1});
        keys.put("e", new int[] {2});
        keys.put("powershell", new int[] {3, 0});
        LiteralAutomaton automaton = LiteralAutomaton.build(keys);
        int[] keyMarks = new int[automaton.keyCount()];
        int[] ruleMarks = new int[4];
        automaton.scan("C:\\Windows\\CMD.EXE /c", keyMarks, ruleMarks, 7);
        assertThat(ruleMarks).containsExactly(7, 7, 7, 0);
        automaton.scan("no match here?", keyMarks, ruleMarks, 8);
        assertThat(ruleMarks).containsExactly(7, 7, 8, 0);
        automaton.scan("PowerShell", keyMarks, ruleMarks, 9);
        assertThat(ruleMarks).containsExactly(9, 7, 9, 9);
    }

    @Test
    void findsWhatCaseInsensitiveRegionMatchingFindsOnRandomKeysAndTexts() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            Map<String, int[]> keys = new LinkedHashMap<>();
            String[] keyList = new String[1 + random.nextInt(30)];
            for (int k = 0; k < keyList.length; k++) {
                keyList[k] = randomText(random, 1 + random.nextInt(4));
                keys.merge(keyList[k], new int[] {k}, (a, b) -> {
                    int[] c = Arrays.copyOf(a, a.length + 1);
                    c[a.length] = b[0];
                    return c;
                });
            }
            LiteralAutomaton automaton = LiteralAutomaton.build(keys);
            int[] keyMarks = new int[automaton.keyCount()];
            int[] ruleMarks = new int[keyList.length];
            for (int t = 0; t < 20; t++) {
                String text = randomText(random, random.nextInt(25));
                int epoch = round * 100 + t + 1;
                automaton.scan(text, keyMarks, ruleMarks, epoch);
                for (int k = 0; k < keyList.length; k++) {
                    if (containsIgnoringCase(text, keyList[k])) {
                        assertThat(ruleMarks[k]).as("key '%s' in '%s'", keyList[k], text).isEqualTo(epoch);
                    }
                }
            }
        }
    }

    private static boolean containsIgnoringCase(String text, String key) {
        for (int i = 0; i + key.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, key, 0, key.length())) {
                return true;
            }
        }
        return false;
    }

    private static String randomText(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
