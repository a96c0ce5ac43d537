package org.medsoc.store.lucene.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {
    @ParameterizedTest
    @CsvSource({
        "10.1.2.3, 10.1.2.3",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "::, ::",
        "::1, ::1",
        "fe80::1, fe80::1",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "1::, 1::",
        "::ffff:10.0.0.1, 10.0.0.1",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    })
    void parsesAndFormatsLikeTheJdk(String text, String formatted) throws Exception {
        byte[] b = IpAddresses.parse(text);

        assertThat(b).isNotNull();
        assertThat(IpAddresses.format(b, 0)).isEqualTo(formatted);
        assertThat(IpAddresses.fromBytes(b)).isEqualTo(InetAddress.getByName(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.1.2", "10.1.2.3.4", "256.1.1.1", "1.2.3.", ".1.2.3", "host.example", "1:2",
        ":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "::g", "10.1.2.3/8", "1.2.3.4:80", "fe80::1%eth0"})
    void rejectsWhatIsNotAnAddressLiteral(String text) {
        assertThat(IpAddresses.parse(text)).isNull();
    }
}
