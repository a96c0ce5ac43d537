package org.medsoc.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

class SuppressionConditionTest {
    private static AlertRecord alert(String src) {
        return AlertRecord.builder(TenantId.of("h1"), "a", Instant.EPOCH, "r").entity(EntityField.SOURCE_IP, src)
                .entity(EntityField.HOST_NAME, "his-app-01").build();
    }

    @Test
    void cidrMatchesAddressesInsideTheBlockOnly() {
        var c = new SuppressionCondition.Cidr(EntityField.SOURCE_IP, "10.20.0.0/16");
        assertThat(c.matches(alert("10.20.5.9"))).isTrue();
        assertThat(c.matches(alert("10.21.0.1"))).isFalse();
        assertThat(c.matches(alert("not-an-ip"))).isFalse();
        assertThat(c.matches(alert("2001:db8::1"))).isFalse();
        var v6 = new SuppressionCondition.Cidr(EntityField.SOURCE_IP, "2001:db8::/32");
        assertThat(v6.matches(alert("2001:db8:1::5"))).isTrue();
        assertThat(v6.matches(alert("2001:db9::1"))).isFalse();
        assertThat(new SuppressionCondition.Cidr(EntityField.SOURCE_IP, "192.168.1.7").matches(alert("192.168.1.7")))
                .isTrue();
        assertThat(new SuppressionCondition.Cidr(EntityField.SOURCE_IP, "0.0.0.0/0").matches(alert("8.8.8.8"))).isTrue();
    }

    @Test
    void rejectsBadCidrBlocksWithAPreciseMessage() {
        assertBad("10.0.0.0/33", "invalid CIDR block '10.0.0.0/33': the prefix length 33 exceeds 32");
        assertBad("10.0.0/8", "invalid CIDR block '10.0.0/8': '10.0.0' is not an IPv4 or IPv6 address");
        assertBad("10.0.0.1/8", "invalid CIDR block '10.0.0.1/8': host bits are set; the block is 10.0.0.0/8");
        assertBad("256.1.1.1/32", "'256.1.1.1' is not an IPv4 or IPv6 address");
        assertBad("10.0.0.0/x", "the prefix length 'x' is not a number");
        assertBad("his.example.org/24", "'his.example.org' is not an IPv4 or IPv6 address");
        assertBad("2001:db8::/129", "the prefix length 129 exceeds 128");
        assertBad("gggg::/16", "'gggg::' is not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> new SuppressionCondition.Cidr(EntityField.HOST_NAME, "10.0.0.0/8"))
                .hasMessageContaining("applies only to source.ip or destination.ip, not host.name");
    }

    private static void assertBad(String cidr, String message) {
        assertThatThrownBy(() -> new SuppressionCondition.Cidr(EntityField.DESTINATION_IP, cidr))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(IncidentErrorCode.INVALID_SUPPRESSION.toErrorCode()))
                .hasMessageContaining(message);
    }

    @Test
    void equalsAndInCompareExactly() {
        assertThat(new SuppressionCondition.Equals(EntityField.HOST_NAME, "his-app-01").matches(alert("1.1.1.1")))
                .isTrue();
        assertThat(new SuppressionCondition.Equals(EntityField.HOST_NAME, "HIS-APP-01").matches(alert("1.1.1.1")))
                .isFalse();
        assertThat(new SuppressionCondition.In(EntityField.HOST_NAME, List.of("pacs-01", "his-app-01"))
                .matches(alert("1.1.1.1"))).isTrue();
        assertThat(new SuppressionCondition.Equals(EntityField.USER_NAME, "x").matches(alert("1.1.1.1"))).isFalse();
        assertThatThrownBy(() -> new SuppressionCondition.In(EntityField.HOST_NAME, List.of()))
                .hasMessageContaining("needs 1 to 1000 values");
        assertThatThrownBy(() -> new SuppressionCondition.Equals(EntityField.HOST_NAME, "a\nb"))
                .hasMessageContaining("without line breaks");
    }
}
