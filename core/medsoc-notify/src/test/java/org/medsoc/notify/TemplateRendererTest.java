package org.medsoc.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medsoc.notify.TemplateRenderer.Escaping;

class TemplateRendererTest {
    @Test
    void replacesFlatAndNestedVariables() {
        Map<String, Object> vars = Map.of("incident.id", "INC-1", "incident", Map.of("title", "勒索软件"));
        assertThat(TemplateRenderer.render("{{incident.id}}：{{ incident.title }}", vars, Escaping.PLAIN))
                .isEqualTo("INC-1：勒索软件");
    }

    @Test
    void missingVariableIsVisibleAndNeverThrows() {
        assertThat(TemplateRenderer.render("资产 {{asset.name}} 异常", Map.of(), Escaping.MARKDOWN))
                .isEqualTo("资产 [missing: asset.name] 异常");
        assertThat(TemplateRenderer.render("{{}} and {{unclosed", Map.of(), Escaping.PLAIN))
                .isEqualTo("[missing: ] and {{unclosed");
        assertThat(TemplateRenderer.render("{{map}}", Map.of("map", Map.of("a", 1)), Escaping.PLAIN))
                .isEqualTo("[missing: map]");
    }

    @Test
    void escapesMarkdownSoValuesCannotFormatOrLink() {
        String rendered = TemplateRenderer.render(
                "- {{v}}", Map.of("v", "*bold* [click](http://evil)\n# heading"), Escaping.MARKDOWN);
        assertThat(rendered).isEqualTo("- \\*bold\\* \\[click\\]\\(http://evil\\) \\# heading");
    }

    @Test
    void escapesHtml() {
        assertThat(TemplateRenderer.render(
                        "<td>{{v}}</td>", Map.of("v", "<img src=x onerror='a'>&\""), Escaping.HTML))
                .isEqualTo("<td>&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;</td>");
    }

    @Test
    void plainDropsControlCharactersButKeepsLineBreaks() {
        assertThat(TemplateRenderer.render("{{v}}", Map.of("v", "a\u0007b\nc\u001b"), Escaping.PLAIN))
                .isEqualTo("ab\nc");
    }

    @Test
    void urlFilterEncodesCharactersThatBreakLinks() {
        assertThat(TemplateRenderer.render(
                        "[open]({{link | url}})", Map.of("link", "https://x.example/a b)(\"资产\""), Escaping.MARKDOWN))
                .isEqualTo("[open](https://x.example/a%20b%29%28%22%E8%B5%84%E4%BA%A7%22)");
    }
}
