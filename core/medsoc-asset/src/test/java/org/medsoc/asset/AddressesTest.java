package org.medsoc.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

class AddressesTest {
    @Test
    void parsesCanonicalIpv4InPlaceAndRejectsTheRest() {
        assertThat(Addresses.ipv4("10.1.2.3")).isEqualTo(0x0A010203L);
        assertThat(Addresses.ipv4("255.255.255.255")).isEqualTo(0xFFFFFFFFL);
        assertThat(Addresses.ipv4("0.0.0.0")).isZero();
        for (String bad : List.of("", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.", ".1.2.3",
                "1.2.3.4 ", "a.b.c.d", "1234.1.1.1", "::1")) {
            assertThat(Addresses.ipv4(bad)).as(bad).isEqualTo(Addresses.NOT_IPV4);
        }
        assertThat(Addresses.ipv4Text(0x0A010203)).isEqualTo("10.1.2.3");
    }

    @Test
    void normalisesAddressesToOneTextForm() {
        assertThat(Addresses.normalIp(" 010.001.002.003 ")).isEqualTo("10.1.2.3");
        assertThat(Addresses.normalIp("FD00:0:0:0::0010")).isEqualTo("fd00::10");
        assertThat(Addresses.normalIp("[2001:db8:0:0:1:0:0:1]")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.normalIp("fe80::1%eth0")).isEqualTo("fe80::1");
        assertThat(Addresses.normalIp("::")).isEqualTo("::");
        assertThat(Addresses.normalIp("1:0:0:2:0:0:0:3")).isEqualTo("1:0:0:2::3");
        assertThat(Addresses.normalIp("his-db01")).isNull();
        assertThat(Addresses.normalIp("10.0.0.256")).isNull();
        assertThat(Addresses.normalIp("g::1")).isNull();
        assertThat(Addresses.normalMac("00-1A-2B-3C-4D-5E")).isEqualTo("00:1a:2b:3c:4d:5e");
        assertThat(Addresses.normalMac("001a.2b3c.4d5e")).isEqualTo("00:1a:2b:3c:4d:5e");
        assertThat(Addresses.normalMac("001A2B3C4D5E")).isEqualTo("00:1a:2b:3c:4d:5e");
        assertThat(Addresses.normalMac("00:1a:2b:3c:4d")).isNull();
        assertThat(Addresses.normalMac("00:1a:2b:3c:4d:5e:6f")).isNull();
        assertThat(Addresses.normalMac("zz:1a:2b:3c:4d:5e")).isNull();
        assertThat(Addresses.normalHostname("HIS-DB01.Hospital.Local.")).isEqualTo("his-db01.hospital.local");
        assertThat(Addresses.normalHostname("has space")).isNull();
    }

    @Test
    void matchesNetworksAtTheirEdges() {
        Cidr ten = Cidr.parse("10.0.0.0/8");
        assertThat(ten.contains((int) Addresses.ipv4("10.255.255.255"))).isTrue();
        assertThat(ten.contains((int) Addresses.ipv4("11.0.0.0"))).isFalse();
        Cidr rfc = Cidr.parse("172.16.0.0/12");
        assertThat(rfc.contains((int) Addresses.ipv4("172.31.255.255"))).isTrue();
        assertThat(rfc.contains((int) Addresses.ipv4("172.32.0.0"))).isFalse();
        Cidr ula = Cidr.parse("fc00::/7");
        assertThat(ula.contains(new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})).isTrue();
        assertThat(ula.contains(new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}))
                .isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains((int) Addresses.ipv4("8.8.8.8"))).isTrue();
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0")).isInstanceOf(MedsocException.class)
                .hasMessageContaining("CIDR notation");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix 33");
        assertThatThrownBy(() -> Cidr.parse("his/8")).hasMessageContaining("'his/8'");
    }

    @Test
    void readsDiscoveryConfigurationWithDefaults() {
        PassiveDiscoveryConfig d = PassiveDiscoveryConfig.fromSettings(Settings.empty());
        assertThat(d).isEqualTo(PassiveDiscoveryConfig.defaults());
        assertThat(d.internalNetworks()).extracting(Cidr::text)
                .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
        PassiveDiscoveryConfig c = PassiveDiscoveryConfig.fromSettings(Settings.of(java.util.Map.of(
                PassiveDiscoveryConfig.INTERNAL_NETWORKS_KEY, "10.20.0.0/16, 192.168.1.0/24",
                PassiveDiscoveryConfig.FLUSH_INTERVAL_KEY, "30s",
                PassiveDiscoveryConfig.BATCH_SIZE_KEY, "100",
                PassiveDiscoveryConfig.SIGHTING_INTERVAL_KEY, "15m",
                PassiveDiscoveryConfig.REFRESH_INTERVAL_KEY, "1m",
                PassiveDiscoveryConfig.MAX_TRACKED_KEY, "1000")));
        assertThat(c.internalNetworks()).extracting(Cidr::text).containsExactly("10.20.0.0/16", "192.168.1.0/24");
        assertThat(c.flushInterval()).hasSeconds(30);
        assertThat(c.batchSize()).isEqualTo(100);
        assertThat(c.sightingInterval()).hasMinutes(15);
        assertThat(c.refreshInterval()).hasMinutes(1);
        assertThat(c.maxTrackedAddresses()).isEqualTo(1000);
        assertThatThrownBy(() -> PassiveDiscoveryConfig.fromSettings(Settings.of(java.util.Map.of(
                PassiveDiscoveryConfig.BATCH_SIZE_KEY, "0")))).hasMessageContaining("asset.discovery.batch-size");
    }
}
