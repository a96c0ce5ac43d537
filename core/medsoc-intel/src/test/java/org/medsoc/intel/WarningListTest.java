package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class WarningListTest {
    @Test
    void readsTypedLinesAndSkipsComments() {
        WarningList list = WarningList.read("hospital", in("""
                # our own ranges
                cidr 10.20.0.0/16   # hospital A
                DOMAIN Hospital-A.example.

                email noc@hospital-a.example
                """));
        assertThat(list.entries()).containsExactly(new IndicatorKey(IndicatorType.CIDR, "10.20.0.0/16"),
                new IndicatorKey(IndicatorType.DOMAIN, "hospital-a.example"),
                new IndicatorKey(IndicatorType.EMAIL, "noc@hospital-a.example"));
    }

    @Test
    void reportsEveryBadLineWithItsNumber() {
        assertThatThrownBy(() -> WarningList.read("bad", in("IPV4 1.2.3.4\nIPV4 300.1.1.1\nHOST x.example\nlonely\n")))
                .isInstanceOf(MedsocException.class)
                .hasMessage("warning list bad has 3 bad line(s): line 2: invalid IPV4 indicator '300.1.1.1': expected"
                        + " a dotted-quad IPv4 address without leading zeros; line 3: unknown type 'HOST'; line 4:"
                        + " expected 'TYPE value'");
    }

    @Test
    void shippedResolverListSuppressesResolverAddressesInsideIndicatorNetworks() {
        WarningList resolvers = WarningList.publicResolvers();
        assertThat(resolvers.entries()).contains(new IndicatorKey(IndicatorType.IPV4, "114.114.114.114"));
        IndicatorIndex index = IndicatorIndex.builder().warningList(resolvers)
                .add(Indicator.of(IndicatorType.CIDR, "114.114.0.0/16", "feed")).build();
        assertThat(index.match(new Event(TenantId.DEFAULT, 0, "").put(Fields.DESTINATION_IP, "114.114.114.114")))
                .isEmpty();
        assertThat(index.match(new Event(TenantId.DEFAULT, 0, "").put(Fields.DESTINATION_IP, "114.114.1.1")))
                .hasSize(1);
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
