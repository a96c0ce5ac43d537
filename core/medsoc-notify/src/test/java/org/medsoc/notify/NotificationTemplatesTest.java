package org.medsoc.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NotificationTemplatesTest {
    /** Every variable any built-in template uses, with Markdown- and HTML-sensitive characters. */
    private static Map<String, Object> allVariables() {
        Map<String, Object> v = new HashMap<>();
        v.put("incident", Map.of(
                "id", "INC-42",
                "title", "勒索软件 *加密* <HIS>",
                "source", "EDR",
                "assets", "HIS-DB-01",
                "opened-at", "2026-05-01 08:00",
                "summary", "检测到大量文件被改名",
                "assignee", "张工"));
        v.put("sla", Map.of("kind", "首次响应", "deadline", "08:30", "remaining", "10 分钟", "overdue", "5 分钟"));
        v.put("escalation", Map.of("level", "2", "reason", "30 分钟未响应", "to", "信息科主任"));
        v.put("warning", Map.of(
                "id", "W-7", "title", "Apache 漏洞在野利用", "issuer", "市卫健委", "summary", "已监测到攻击",
                "action", "24 小时内完成排查"));
        v.put("advisory", Map.of(
                "id", "CVE-2026-0001", "title", "OpenSSL 缺陷", "cvss", "9.8", "assets", "3 台服务器",
                "summary", "远程代码执行"));
        v.put("link", "https://soc.example/incidents/INC-42");
        return v;
    }

    @ParameterizedTest
    @EnumSource(TemplateName.class)
    void everyTemplateRendersInBothLanguagesWithoutMissingVariables(TemplateName name) {
        for (Language language : Language.values()) {
            Notification n = NotificationTemplates.render(
                    name, language, Samples.TENANT, Severity.HIGH, "key-" + name, allVariables());

            assertThat(n.title()).isNotBlank().doesNotContain("[missing").doesNotContain("\n");
            assertThat(n.text()).isNotBlank().doesNotContain("[missing").doesNotContain("{{");
            assertThat(n.markdown()).isNotBlank().doesNotContain("[missing").doesNotContain("{{");
            assertThat(n.html()).hasValueSatisfying(h -> assertThat(h).doesNotContain("[missing").doesNotContain("{{"));
            assertThat(n.link()).contains(URI.create("https://soc.example/incidents/INC-42"));
            assertThat(n.language()).isEqualTo(language);
            assertThat(n.attributes()).containsEntry("template", name.resourceName());
        }
    }

    @Test
    void incidentOpenedInChineseEscapesPerTarget() {
        Notification n = NotificationTemplates.render(
                TemplateName.INCIDENT_OPENED, Language.ZH, Samples.TENANT, Severity.CRITICAL, "INC-42", allVariables());

        assertThat(n.title()).isEqualTo("新事件 INC-42：勒索软件 *加密* <HIS>");
        assertThat(n.text()).contains("级别：严重").contains("涉及资产：HIS-DB-01");
        assertThat(n.markdown()).contains("- **级别**：严重");
        assertThat(n.html()).hasValueSatisfying(h -> assertThat(h).contains("<td>严重</td>"));
        Notification english = NotificationTemplates.render(
                TemplateName.INCIDENT_OPENED, Language.EN, Samples.TENANT, Severity.CRITICAL, "INC-42", allVariables());
        assertThat(english.text()).contains("Severity: critical");
    }

    @Test
    void missingVariablesShowButDoNotFail() {
        Notification n = NotificationTemplates.render(
                TemplateName.SLA_BREACHED, Language.EN, Samples.TENANT, Severity.HIGH, "k", Map.of());
        assertThat(n.title()).isEqualTo("SLA breached: [missing: incident.id] [missing: incident.title]");
        assertThat(n.link()).isEmpty();
    }
}
