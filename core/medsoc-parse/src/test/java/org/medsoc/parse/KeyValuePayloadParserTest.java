package org.medsoc.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.parse.Messages.field;
import static org.medsoc.parse.Messages.fields;
import static org.medsoc.parse.Messages.millis;
import static org.medsoc.parse.Messages.parsed;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.RawMessage;

class KeyValuePayloadParserTest {
    @Test
    void parsesFortiGateDeniedTraffic() {
        Event e = parsed("kv/fortigate-traffic-deny.log");
        assertThat(field(e, "medsoc.parser")).isEqualTo("rfc3164+kv");
        assertThat(e.timestamp()).isEqualTo(1714529472123L);
        assertThat(field(e, "observer.vendor")).isEqualTo("Fortinet");
        assertThat(field(e, "observer.name")).isEqualTo("FGT60F-HOSP");
        assertThat(field(e, "source.ip")).isEqualTo("10.2.3.4");
        assertThat(field(e, "source.port")).isEqualTo("51234");
        assertThat(field(e, "destination.ip")).isEqualTo("203.0.113.50");
        assertThat(field(e, "destination.port")).isEqualTo("445");
        assertThat(field(e, "network.transport")).isEqualTo("tcp");
        assertThat(field(e, "event.action")).isEqualTo("deny");
        assertThat(field(e, "event.outcome")).isEqualTo("failure");
        assertThat(fields(e, "event.type")).containsExactly("connection", "denied");
        assertThat(fields(e, "event.category")).containsExactly("network");
        assertThat(field(e, "rule.id")).isEqualTo("7");
        assertThat(field(e, "rule.name")).isEqualTo("block-smb-out");
        assertThat(field(e, "message")).isEqualTo("Denied by forward policy check (policy 7)");
        assertThat(field(e, "fortinet.devid")).isEqualTo("FGT60FTK21000001");
        assertThat(field(e, "fortinet.dstcountry")).isEqualTo("United States");
        assertThat(field(e, "event.kind")).isEqualTo("event");
    }

    @Test
    void parsesFortiGateClosedSessionWithNat() {
        Event e = parsed("kv/fortigate-traffic-close.log");
        assertThat(field(e, "medsoc.parser")).isEqualTo("kv");
        assertThat(e.timestamp()).isEqualTo(1557513467369L);
        assertThat(field(e, "event.action")).isEqualTo("close");
        assertThat(field(e, "event.outcome")).isEqualTo("success");
        assertThat(field(e, "source.nat.ip")).isEqualTo("172.16.200.2");
        assertThat(field(e, "source.nat.port")).isEqualTo("58012");
        assertThat(field(e, "source.bytes")).isEqualTo("1188");
        assertThat(field(e, "destination.bytes")).isEqualTo("1224");
        assertThat(field(e, "source.mac")).isEqualTo("a2:e9:00:ec:40:01");
        assertThat(field(e, "network.application")).isEqualTo("HTTP.BROWSER_Firefox");
    }

    @Test
    void parsesFortiGateIpsAsAlert() {
        Event e = parsed("kv/fortigate-ips.log");
        assertThat(field(e, "event.kind")).isEqualTo("alert");
        assertThat(fields(e, "event.category")).contains("intrusion_detection");
        assertThat(field(e, "rule.name")).isEqualTo("Apache.Log4j.Error.Log.Remote.Code.Execution");
        assertThat(field(e, "rule.id")).isEqualTo("51006");
        assertThat(field(e, "event.action")).isEqualTo("deny");
        assertThat(field(e, "url.domain")).isEqualTo("pacs.example-hospital.cn");
        assertThat(field(e, "network.direction")).isEqualTo("outbound");
    }

    @Test
    void parsesFortiGateWafWithSecondsEventTime() {
        Event e = parsed("kv/fortigate-waf.log");
        assertThat(e.timestamp()).isEqualTo(1714530300000L);
        assertThat(field(e, "event.kind")).isEqualTo("alert");
        assertThat(field(e, "http.request.method")).isEqualTo("GET");
        assertThat(field(e, "user_agent.original")).isEqualTo("sqlmap/1.7");
        assertThat(field(e, "url.original")).startsWith("http://emr.example-hospital.cn/search?q=1");
    }

    @Test
    void parsesFortiGateVpnAndLogin() {
        Event vpn = parsed("kv/fortigate-vpn.log");
        assertThat(field(vpn, "user.name")).isEqualTo("vendor-pacs");
        assertThat(field(vpn, "source.ip")).isEqualTo("198.51.100.40");
        assertThat(field(vpn, "event.action")).isEqualTo("tunnel-up");
        assertThat(fields(vpn, "event.category")).containsExactly("network");

        Event login = parsed("kv/fortigate-login-failed.log");
        assertThat(fields(login, "event.category")).containsExactly("authentication");
        assertThat(field(login, "event.outcome")).isEqualTo("failure");
        assertThat(field(login, "user.name")).isEqualTo("admin");
        assertThat(field(login, "source.ip")).isEqualTo("203.0.113.5");
    }

    @Test
    void readsFortiGateDateAndTimeInTheirZoneWithoutEventTime() {
        Event e = Messages.parsedText("date=2024-05-01 time=10:11:12 tz=\"-0700\" logid=\"0000000013\""
                + " devid=\"FG100E\" type=\"traffic\" action=\"accept\"");
        assertThat(e.timestamp()).isEqualTo(millis("2024-05-01T17:11:12Z"));
        assertThat(field(e, "event.action")).isEqualTo("allow");
    }

    @Test
    void parsesHuaweiPolicyLogs() {
        Event e = parsed("kv/huawei-policy-permit.log");
        assertThat(field(e, "observer.vendor")).isEqualTo("Huawei");
        assertThat(field(e, "huawei.module")).isEqualTo("POLICY");
        assertThat(field(e, "huawei.mnemonic")).isEqualTo("POLICYPERMIT");
        assertThat(field(e, "huawei.log_type")).isEqualTo("l");
        assertThat(field(e, "log.level")).isEqualTo("informational");
        assertThat(field(e, "source.ip")).isEqualTo("10.2.3.4");
        assertThat(field(e, "destination.port")).isEqualTo("1433");
        assertThat(field(e, "network.transport")).isEqualTo("tcp");
        assertThat(field(e, "rule.name")).isEqualTo("his-to-db");
        assertThat(field(e, "huawei.time")).isEqualTo("2024/5/1 10:11:12");
        assertThat(field(e, "huawei.source-zone")).isEqualTo("trust");
        assertThat(field(e, "huawei.application-name")).isNull();
        assertThat(field(e, "event.action")).isEqualTo("allow");

        Event deny = parsed("kv/huawei-policy-deny.log");
        assertThat(field(deny, "event.action")).isEqualTo("deny");
        assertThat(field(deny, "event.outcome")).isEqualTo("failure");
        assertThat(field(deny, "network.transport")).isEqualTo("udp");
        assertThat(field(deny, "network.application")).isEqualTo("DNS");
        assertThat(deny.timestamp()).isEqualTo(millis("2024-05-01T02:12:13Z"));
    }

    @Test
    void parsesHuaweiSessionLogWithNat() {
        Event e = parsed("kv/huawei-session.log");
        assertThat(field(e, "source.nat.ip")).isEqualTo("198.51.100.3");
        assertThat(field(e, "source.nat.port")).isEqualTo("40123");
        assertThat(field(e, "source.bytes")).isEqualTo("3400");
        assertThat(field(e, "destination.bytes")).isEqualTo("9100");
        assertThat(field(e, "rule.name")).isEqualTo("his-to-db");
        assertThat(field(e, "huawei.CloseReason")).isEqualTo("tcp-fin");
        assertThat(e.timestamp()).isEqualTo(millis("2024-05-01T02:30:00Z"));
    }

    @Test
    void parsesHuaweiDescriptionWithParenthesisedPairs() {
        Event e = parsed("kv/huawei-cmdrecord.log");
        assertThat(field(e, "message")).isEqualTo("Recorded command information.");
        assertThat(field(e, "user.name")).isEqualTo("netadmin");
        assertThat(field(e, "source.ip")).isEqualTo("10.0.0.77");
        assertThat(field(e, "process.command_line")).isEqualTo("display current-configuration");
        assertThat(field(e, "huawei.Task")).isEqualTo("VT0");
    }

    @Test
    void parsesSangforWithAsciiSeparators() {
        Event e = parsed("kv/sangfor-app-control.log");
        assertThat(field(e, "log.syslog.appname")).isEqualTo("fwlog");
        assertThat(field(e, "observer.vendor")).isEqualTo("Sangfor");
        assertThat(field(e, "sangfor.log_type")).isEqualTo("服务控制或应用控制");
        assertThat(field(e, "user.name")).isNull();
        assertThat(field(e, "source.ip")).isEqualTo("10.1.1.5");
        assertThat(field(e, "sangfor.src_port")).isEqualTo("51000");
        assertThat(field(e, "destination.port")).isEqualTo("445");
        assertThat(field(e, "network.application")).isEqualTo("SMB文件传输");
        assertThat(field(e, "event.action")).isEqualTo("deny");
        assertThat(field(e, "event.outcome")).isEqualTo("failure");
    }

    @Test
    void parsesSangforWithFullWidthSeparators() {
        Event e = parsed("kv/sangfor-ips-fullwidth.log");
        assertThat(field(e, "event.kind")).isEqualTo("alert");
        assertThat(field(e, "source.ip")).isEqualTo("203.0.113.66");
        assertThat(field(e, "rule.id")).isEqualTo("10086");
        assertThat(field(e, "rule.name")).isEqualTo("SQL注入攻击尝试");
        assertThat(field(e, "network.transport")).isEqualTo("tcp");
        assertThat(field(e, "event.action")).isEqualTo("deny");
        assertThat(field(e, "url.original")).isEqualTo("http://his.example/login?id=1,2");
    }

    @Test
    void decodesSangforSentInGbk() {
        String text = new String(Messages.sample("kv/sangfor-app-control.log"), java.nio.charset.StandardCharsets.UTF_8);
        byte[] gbk = text.getBytes(Charset.forName("GBK"));
        Event e = Messages.parsed(Messages.PARSER, Messages.raw(gbk));
        assertThat(field(e, "medsoc.original_encoding")).isEqualTo("GB18030");
        assertThat(field(e, "sangfor.log_type")).isEqualTo("服务控制或应用控制");
        assertThat(e.original()).isEqualTo(text.strip());
    }

    @Test
    void ignoresUnknownChineseKeysButKeepsThemInTheOriginal() {
        Event e = Messages.parsedText("日志类型:服务控制或应用控制, 未知字段:abc, 源IP:10.1.1.5");
        assertThat(field(e, "source.ip")).isEqualTo("10.1.1.5");
        assertThat(e.original()).contains("未知字段:abc");
        for (int i = 0; i < e.size(); i++) {
            assertThat(e.valueAt(i)).isNotEqualTo("abc");
        }
    }

    @Test
    void parsesGenericPairs() {
        Event e = parsed("kv/generic.log");
        assertThat(field(e, "medsoc.parser")).isEqualTo("kv");
        assertThat(field(e, "event.action")).isEqualTo("deny");
        assertThat(field(e, "source.ip")).isEqualTo("10.0.0.9");
        assertThat(field(e, "destination.port")).isEqualTo("3389");
        assertThat(field(e, "user.name")).isEqualTo("dr li");
        assertThat(field(e, "message")).isEqualTo("remote desktop \"blocked\" by policy");
        assertThat(field(e, "kv.custom.key")).isEqualTo("1");
    }

    @Test
    void selectsDialectByProfileVendor() {
        SourceProfile huawei = new SourceProfile("fw", List.of(), List.of(), Format.KV, "huawei", "USG6000E",
                Optional.empty(), null);
        LogParser parser = LogParser.create(List.of(huawei), Messages.SHANGHAI, 4096);
        RawMessage m = Messages.raw("%%01POLICY/6/POLICYPERMIT(l):vsys=public, source-ip=10.1.1.1, rule-name=r1.");
        Event e = Messages.parsed(parser, m);
        assertThat(field(e, "rule.name")).isEqualTo("r1");
        assertThat(field(e, "observer.product")).isEqualTo("USG6000E");

        var notHuawei = parser.parse(Messages.raw("just some text"));
        assertThat(notHuawei).isInstanceOf(ParseOutcome.DeadLettered.class);
        assertThat(((ParseOutcome.DeadLettered) notHuawei).reason()).startsWith("not a Huawei log");
    }
}
