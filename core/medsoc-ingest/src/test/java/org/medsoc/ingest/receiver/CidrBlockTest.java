package org.medsoc.ingest.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.ingest.IngestErrorCode;
import org.medsoc.ingest.TenantMapping;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

class CidrBlockTest {
    @Test
    void matchesIpv4Blocks() throws Exception {
        CidrBlock b = CidrBlock.parse("10.1.0.0/16");
        assertThat(b.contains(InetAddress.getByName("10.1.200.3"))).isTrue();
        assertThat(b.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(CidrBlock.parse("10.1.2.3/12").toString()).isEqualTo("10.0.0.0/12");
        assertThat(CidrBlock.parse("192.168.1.7").contains(InetAddress.getByName("192.168.1.7"))).isTrue();
        assertThat(CidrBlock.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8"))).isTrue();
    }

    @Test
    void matchesIpv6BlocksAndMappedIpv4() throws Exception {
        CidrBlock v6 = CidrBlock.parse("2001:db8::/32");
        assertThat(v6.contains(InetAddress.getByName("2001:db8:1::9"))).isTrue();
        assertThat(v6.contains(InetAddress.getByName("2001:db9::1"))).isFalse();
        assertThat(v6.contains(InetAddress.getByName("10.0.0.1"))).isFalse();
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 0, 5};
        assertThat(CidrBlock.parse("10.1.0.0/16").contains(java.net.Inet6Address.getByAddress(null, mapped, -1)))
                .isTrue();
    }

    @Test
    void rejectsNamesAndBadPrefixes() {
        for (String bad : List.of("hospital.example", "10.0.0/8", "10.0.0.0/33", "10.0.0.0/", "::/129", "", "1.2.3.4/x")) {
            assertThatThrownBy(() -> CidrBlock.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(IngestErrorCode.INVALID_TENANT_MAPPING.toErrorCode()));
        }
    }

    @Test
    void resolvesFirstMatchingTenant() throws Exception {
        TenantResolver r = new TenantResolver(
                TenantId.of("provider"),
                List.of(
                        new TenantMapping("10.1.2.0/24", TenantId.of("ward")),
                        new TenantMapping("10.1.0.0/16", TenantId.of("hospital-a"))));
        assertThat(r.resolve(InetAddress.getByName("10.1.2.9"))).isEqualTo(TenantId.of("ward"));
        assertThat(r.resolve(InetAddress.getByName("10.1.9.9"))).isEqualTo(TenantId.of("hospital-a"));
        assertThat(r.resolve(InetAddress.getByName("172.16.0.1"))).isEqualTo(TenantId.of("provider"));
    }
}
