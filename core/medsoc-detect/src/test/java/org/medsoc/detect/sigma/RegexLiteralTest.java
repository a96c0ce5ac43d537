package org.medsoc.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The literal a regular expression requires, used as a prefilter key, is really contained in its matches. */
class RegexLiteralTest {
    private static String literal(String regex) {
        return ValueMatchers.Regex.requiredLiteral(Pattern.compile(regex));
    }

    @Test
    void takesTheLongestRequiredRunOutsideGroups() {
        assertThat(literal("cmd.{0,5}(?:/c|/r).+powershell.+(?:\\$?\\{?input\\}?|noexit).+\"")).isEqualTo("powershell");
        assertThat(literal("(?i)\\\\pipe\\\\MSSE-[0-9]{4}-server")).isEqualTo("\\pipe\\msse-");
        assertThat(literal("Invoke-Expression")).isEqualTo("invoke-expression");
        assertThat(literal("abcd?ef")).isEqualTo("abc");
        assertThat(literal("ab+cdef*")).isEqualTo("cde");
        assertThat(literal("ab\\.exe")).isEqualTo("ab.exe");
    }

    @Test
    void givesNoLiteralWhenNoneIsSurelyRequired() {
        assertThat(literal("powershell|cmd")).isNull();
        assertThat(literal("(?x) p o w e r")).isNull();
        assertThat(literal("\\x41BCDEF")).isNull();
        assertThat(literal("a.b.c")).isNull();
        assertThat(literal("[a-z]+\\d{3}")).isNull();
        assertThat(literal("(powershell)?")).isNull();
    }

    @Test
    void everyMatchContainsTheLiteralIgnoringCase() {
        String[][] cases = {
            {"(?i)cmd.{0,5}(?:/c|/r).+powershell.+(?:\\$?\\{?input\\}?|noexit).+\"", "CMD /c PowerShell -noexit \"x\""},
            {"(?i)\\$\\{?env:\\w+\\}?", "iex ${ENV:comspec}"},
            {"(?i)set-item.{0,20}variable:", "Set-Item -Path Variable:x"},
            {"ab+cdef*g", "xxabbbbcdeg"},
            {"(?i)^\\\\pipe\\\\msse-[0-9]{4}-server$", "\\PIPE\\MSSE-1234-SERVER"},
        };
        for (String[] c : cases) {
            Pattern p = Pattern.compile(c[0]);
            assertThat(p.matcher(c[1]).find()).as("%s finds %s", c[0], c[1]).isTrue();
            String literal = ValueMatchers.Regex.requiredLiteral(p);
            assertThat(literal).as("literal of %s", c[0]).isNotNull();
            assertThat(c[1].toLowerCase(Locale.ROOT)).contains(literal);
        }
    }
}
