package org.medsoc.notify;

import java.net.URI;
import org.medsoc.spi.event.TenantId;

/** Notifications used across the channel tests: Chinese text with Markdown-sensitive characters. */
final class Samples {
    static final TenantId TENANT = TenantId.of("hospital-a");
    static final String TITLE = "勒索软件活动：HIS 数据库服务器 10.2.3.4";
    static final String TEXT = "检测到加密行为，涉及资产：HIS-DB-01（住院系统）。\n请立即隔离。";

    private Samples() {}

    static Notification chinese() {
        return Notification.builder(TENANT, TITLE, TEXT)
                .markdown("**检测到加密行为**\n\n- 资产：HIS-DB-01\n- 处置：立即隔离")
                .severity(Severity.CRITICAL)
                .language(Language.ZH)
                .link(URI.create("https://soc.hospital-a.example/incidents/INC-42"))
                .dedupeKey("incident:INC-42")
                .attribute("incident.id", "INC-42")
                .build();
    }
}
