package org.medsoc.store.lucene.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class LogAnalyzerTest {
    private static List<String> tokens(String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (LogAnalyzer analyzer = new LogAnalyzer();
                TokenStream ts = analyzer.tokenStream("message", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        return out;
    }

    @Test
    void splitsOnEverythingButLettersAndDigitsAndLowercases() throws IOException {
        assertThat(tokens("Failed password for ADMIN from 10.1.2.3 port 22"))
                .containsExactly("failed", "password", "for", "admin", "from", "10", "1", "2", "3", "port", "22");
        assertThat(tokens("C:\\Windows\\System32\\cmd.exe /c whoami"))
                .containsExactly("c", "windows", "system32", "cmd", "exe", "c", "whoami");
        assertThat(tokens("user=alice@HOSPITAL.local;;")).containsExactly("user", "alice", "hospital", "local");
        assertThat(tokens("")).isEmpty();
    }

    @Test
    void makesEachChineseCharacterAToken() throws IOException {
        assertThat(tokens("用户张三登录失败 vpn01")).containsExactly("用", "户", "张", "三", "登", "录", "失", "败", "vpn01");
    }

    @Test
    void cutsVeryLongWordsAndSurvivesBufferBoundaries() throws IOException {
        String word = "a".repeat(600);
        assertThat(tokens(word)).containsExactly("a".repeat(255), "a".repeat(255), "a".repeat(90));
        String longText = "x ".repeat(5000) + "end";
        List<String> t = tokens(longText);
        assertThat(t).hasSize(5001).endsWith("end");
    }
}
