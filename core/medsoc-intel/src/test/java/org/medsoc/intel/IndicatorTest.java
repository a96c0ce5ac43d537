package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;

class IndicatorTest {
    @Test
    void normalisesDomainsToLowerCasePunycodeWithoutTrailingDot() {
        assertThat(IndicatorType.DOMAIN.normalise(" Evil.EXAMPLE.com. ")).isEqualTo("evil.example.com");
        assertThat(IndicatorType.DOMAIN.normalise("bücher.example")).isEqualTo("xn--bcher-kva.example");
        assertThat(IndicatorType.DOMAIN.normalise("医院.中国")).isEqualTo("xn--ekrs67m.xn--fiqs8s");
    }

    @Test
    void rejectsMalformedDomains() {
        assertThatThrownBy(() -> IndicatorType.DOMAIN.normalise("a..b"))
                .isInstanceOf(MedsocException.class).hasMessageContaining("empty label");
        assertThatThrownBy(() -> IndicatorType.DOMAIN.normalise("-bad.com")).hasMessageContaining("'-'");
        assertThatThrownBy(() -> IndicatorType.DOMAIN.normalise("a b.com")).hasMessageContaining("' '");
        assertThatThrownBy(() -> IndicatorType.DOMAIN.normalise("x".repeat(64) + ".com"))
                .hasMessageContaining("longer than 63");
    }

    @Test
    void normalisesIpAddressesToCanonicalText() {
        assertThat(IndicatorType.IPV4.normalise("192.168.1.10")).isEqualTo("192.168.1.10");
        assertThat(IndicatorType.IPV6.normalise("2001:0DB8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
        assertThat(IndicatorType.IPV6.normalise("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IndicatorType.IPV6.normalise("::")).isEqualTo("::");
        assertThat(IndicatorType.IPV6.normalise("fe80::1%eth0")).isEqualTo("fe80::1");
        assertThat(IndicatorType.IPV6.normalise("::ffff:10.0.0.1")).isEqualTo("::ffff:10.0.0.1");
        assertThat(IndicatorType.IPV6.normalise("1:2:3:4:5:6:7:8")).isEqualTo("1:2:3:4:5:6:7:8");
    }

    @Test
    void rejectsMalformedIpAddresses() {
        for (String bad : new String[] {"256.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4.", "1.2.3.4.5", "a.b.c.d"}) {
            assertThatThrownBy(() -> IndicatorType.IPV4.normalise(bad)).as(bad)
                    .isInstanceOf(MedsocException.class).hasMessageContaining("IPV4");
        }
        for (String bad : new String[] {"1:2:3:4:5:6:7", "1::2::3", "12345::", ":1:2", "1:2:3:4:5:6:7:8:9", "g::1"}) {
            assertThatThrownBy(() -> IndicatorType.IPV6.normalise(bad)).as(bad).isInstanceOf(MedsocException.class);
        }
    }

    @Test
    void normalisesCidrsClearingHostBits() {
        assertThat(IndicatorType.CIDR.normalise("10.1.2.3/8")).isEqualTo("10.0.0.0/8");
        assertThat(IndicatorType.CIDR.normalise("2001:db8:abcd::1/32")).isEqualTo("2001:db8::/32");
        assertThat(IndicatorType.CIDR.normalise("192.0.2.7")).isEqualTo("192.0.2.7/32");
        assertThatThrownBy(() -> IndicatorType.CIDR.normalise("10.0.0.0/33")).hasMessageContaining("exceeds 32");
    }

    @Test
    void normalisesUrlsSchemeHostPortAndFragment() {
        assertThat(IndicatorType.URL.normalise("HTTP://Evil.Example.COM:80/Path/A?q=1#frag"))
                .isEqualTo("http://evil.example.com/Path/A?q=1");
        assertThat(IndicatorType.URL.normalise("https://evil.example:8443")).isEqualTo("https://evil.example:8443/");
        assertThat(IndicatorType.URL.normalise("evil.example/login")).isEqualTo("http://evil.example/login");
        assertThat(IndicatorType.URL.normalise("https://bücher.example/ä")).isEqualTo("https://xn--bcher-kva.example/%C3%A4");
        assertThat(IndicatorType.URL.normalise("http://[2001:DB8::1]:80/x")).isEqualTo("http://[2001:db8::1]/x");
    }

    @Test
    void validatesHashesByLength() {
        assertThat(IndicatorType.MD5.normalise("D41D8CD98F00B204E9800998ECF8427E"))
                .isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThatThrownBy(() -> IndicatorType.SHA256.normalise("abc")).hasMessageContaining("expected 64 hex digits");
        assertThatThrownBy(() -> IndicatorType.SHA1.normalise("z".repeat(40))).hasMessageContaining("not a hex digit");
    }

    @Test
    void normalisesEmailAddresses() {
        assertThat(IndicatorType.EMAIL.normalise("Dr Phish <Phish@Evil.Example>")).isEqualTo("phish@evil.example");
        assertThat(IndicatorType.EMAIL.normalise("mailto:a@B.example")).isEqualTo("a@b.example");
        assertThatThrownBy(() -> IndicatorType.EMAIL.normalise("nobody")).hasMessageContaining("local-part@domain");
    }

    @Test
    void rejectsConfidenceOutsideRange() {
        Indicator i = Indicator.of(IndicatorType.IPV4, "10.0.0.1", "test");
        assertThatThrownBy(() -> i.withConfidence(101)).isInstanceOf(MedsocException.class)
                .hasMessageContaining("outside 0..100");
    }

    @Test
    void parsesTlpLabels() {
        assertThat(Tlp.parse("TLP:AMBER+STRICT")).contains(Tlp.AMBER_STRICT);
        assertThat(Tlp.parse("tlp:white")).contains(Tlp.CLEAR);
        assertThat(Tlp.parse("purple")).isEmpty();
        assertThat(Tlp.GREEN.max(Tlp.RED)).isEqualTo(Tlp.RED);
    }
}
