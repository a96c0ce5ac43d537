package org.medsoc.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsoc.parse.Messages.field;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.RawMessage;

class SourceProfileTest {
    private static RawMessage from(String receiver, String peer, String text) {
        return new RawMessage(Messages.TENANT, receiver, peer, Messages.RECEIVED,
                text.getBytes(StandardCharsets.UTF_8));
    }

    private static SourceProfile profile(String name, List<String> receivers, List<String> peers) {
        return new SourceProfile(name, receivers, peers, Format.AUTO, null, null, Optional.empty(), null);
    }

    @Test
    void selectsFirstMatchingProfileByReceiverPeerAndCidr() {
        LogParser parser = LogParser.create(List.of(
                        profile("exact", List.of("syslog-tcp:1514"), List.of()),
                        profile("cidr", List.of("syslog-udp*"), List.of("10.20.0.0/16", "192.0.2.7")),
                        profile("v6", List.of(), List.of("2001:db8::/32")),
                        profile("any-udp", List.of("syslog-udp*"), List.of())),
                ZoneId.of("UTC"), 4096);
        assertThat(field(parser.parse(from("syslog-tcp:1514", "10.20.1.1", "x")).event(), "medsoc.profile"))
                .isEqualTo("exact");
        assertThat(field(parser.parse(from("syslog-udp:514", "10.20.30.40", "x")).event(), "medsoc.profile"))
                .isEqualTo("cidr");
        assertThat(field(parser.parse(from("syslog-udp:514", "192.0.2.7", "x")).event(), "medsoc.profile"))
                .isEqualTo("cidr");
        assertThat(field(parser.parse(from("syslog-udp:514", "10.21.0.1", "x")).event(), "medsoc.profile"))
                .isEqualTo("any-udp");
        assertThat(field(parser.parse(from("http", "2001:db8::5", "x")).event(), "medsoc.profile")).isEqualTo("v6");
        Event none = parser.parse(from("http", "10.20.0.1", "x")).event();
        assertThat(field(none, "medsoc.profile")).isNull();
        assertThat(field(none, "medsoc.parser")).isEqualTo("plain");
    }

    @Test
    void appliesZoneVendorProductAndBusinessSystem() {
        SourceProfile p = new SourceProfile("pacs", List.of(), List.of(), Format.AUTO, "GE", "Centricity PACS",
                Optional.of(ZoneId.of("UTC")), "PACS");
        LogParser parser = LogParser.create(List.of(p), Messages.SHANGHAI, 4096);
        Event e = parser.parse(from("r", "", "<13>May  1 10:11:12 pacs01 app: hello")).event();
        assertThat(e.timestamp()).isEqualTo(Messages.millis("2024-05-01T10:11:12Z"));
        assertThat(field(e, "observer.vendor")).isEqualTo("GE");
        assertThat(field(e, "observer.product")).isEqualTo("Centricity PACS");
        assertThat(field(e, "medsoc.business_system")).isEqualTo("PACS");
        assertThat(field(e, "medsoc.peer")).isNull();
    }

    @Test
    void forcesFormatFromProfile() {
        LogParser parser = LogParser.create(List.of(SourceProfile.of("cef-only", Format.CEF)), Messages.SHANGHAI, 4096);
        var o = parser.parse(from("r", "", "hello=world foo=bar"));
        assertThat(o).isInstanceOf(ParseOutcome.DeadLettered.class);
        assertThat(((ParseOutcome.DeadLettered) o).reason()).contains("not a CEF message");
        assertThat(field(o.event(), "medsoc.parser")).isEqualTo("cef");

        LogParser plain = LogParser.create(List.of(SourceProfile.of("p", Format.PLAIN)), Messages.SHANGHAI, 4096);
        Event e = plain.parse(from("r", "", "CEF:0|a|b|c|d|e|1|src=1.2.3.4")).event();
        assertThat(field(e, "medsoc.parser")).isEqualTo("plain");
        assertThat(field(e, "source.ip")).isNull();
    }

    @Test
    void readsProfilesFromSettingsInListedOrder() {
        Settings s = Settings.of(Map.of(
                "ingest.profiles", "zfw, apacs",
                "ingest.profile.zfw.receivers", "syslog-udp*, syslog-tcp:1514",
                "ingest.profile.zfw.peers", "10.0.0.0/8,192.0.2.1",
                "ingest.profile.zfw.format", "kv",
                "ingest.profile.zfw.vendor", "fortinet",
                "ingest.profile.zfw.timezone", "Asia/Shanghai",
                "ingest.profile.apacs.format", "access-log",
                "ingest.profile.apacs.business-system", "PACS",
                "ingest.profile.apacs.product", "nginx"));
        List<SourceProfile> ps = SourceProfile.fromSettings(s);
        assertThat(ps).extracting(SourceProfile::name).containsExactly("zfw", "apacs");
        SourceProfile fw = ps.get(0);
        assertThat(fw.receivers()).containsExactly("syslog-udp*", "syslog-tcp:1514");
        assertThat(fw.peers()).containsExactly("10.0.0.0/8", "192.0.2.1");
        assertThat(fw.format()).isEqualTo(Format.KV);
        assertThat(fw.vendor()).isEqualTo("fortinet");
        assertThat(fw.zone()).contains(ZoneId.of("Asia/Shanghai"));
        assertThat(ps.get(1).format()).isEqualTo(Format.ACCESS_LOG);
        assertThat(ps.get(1).businessSystem()).isEqualTo("PACS");
        assertThat(ps.get(1).zone()).isEmpty();
    }

    @Test
    void ordersProfilesAlphabeticallyWithoutList() {
        Settings s = Settings.of(Map.of("ingest.profile.b.format", "cef", "ingest.profile.a.format", "leef"));
        assertThat(SourceProfile.fromSettings(s)).extracting(SourceProfile::name).containsExactly("a", "b");
        assertThat(SourceProfile.fromSettings(Settings.empty())).isEmpty();
    }

    @Test
    void rejectsBadValuesPrecisely() {
        assertInvalid(Map.of("ingest.profile.fw.format", "xml"),
                "configuration key 'ingest.profile.fw.format' has value 'xml'; expected one of auto, cef");
        assertInvalid(Map.of("ingest.profile.fw.timezone", "Mars/Olympus"),
                "configuration key 'ingest.profile.fw.timezone' has value 'Mars/Olympus'");
        assertInvalid(Map.of("ingest.profile.fw.peers", "10.0.0.0/33"),
                "configuration key 'ingest.profile.fw.peers' has value '10.0.0.0/33'");
        assertInvalid(Map.of("ingest.profile.fw.peers", "firewall.local"),
                "has value 'firewall.local'; expected IP addresses or CIDR blocks");
        assertInvalid(Map.of("ingest.profile.fw.colour", "red"),
                "configuration key 'ingest.profile.fw.colour' names unknown property 'colour'");
        assertInvalid(Map.of("ingest.profile.fw", "x"), "is not of the form ingest.profile.<name>.<property>");
        assertInvalid(Map.of("ingest.profile.FW.format", "cef"), "source profile name 'FW' is invalid");
        assertInvalid(Map.of("ingest.profile.fw.receivers", "a*b"), "has receiver pattern 'a*b'");
        assertInvalid(Map.of("ingest.profiles", "fw,other", "ingest.profile.fw.format", "cef"),
                "lists profile 'other' but no key ingest.profile.other.* defines it");
        assertInvalid(Map.of("ingest.profiles", "fw", "ingest.profile.fw.format", "cef",
                        "ingest.profile.gw.format", "kv"),
                "profile 'gw' is defined but missing from 'ingest.profiles'");
    }

    @Test
    void rejectsInvalidParserArguments() {
        assertThatThrownBy(() -> LogParser.create(List.of(), ZoneId.of("UTC"), 0))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("maximum message size must be positive")
                .satisfies(e -> assertThat(((MedsocException) e).errorCode().name())
                        .isEqualTo("INVALID_PARSER_CONFIGURATION"));
    }

    private static void assertInvalid(Map<String, String> settings, String message) {
        assertThatThrownBy(() -> SourceProfile.fromSettings(Settings.of(settings)))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((MedsocException) e).errorCode().code()).isEqualTo(0x0300_0000));
    }
}
