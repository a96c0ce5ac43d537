package org.medsoc.ingest.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelUdpDropsTest {
    @Test
    void readsDropsColumnOfMatchingPort() {
        String row = "  123: 00000000:05EA 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 "
                + "4711 2 0000000000000000 42";
        assertThat(KernelUdpDrops.dropsIfPort(row, 0x05EA)).isEqualTo(42);
        assertThat(KernelUdpDrops.dropsIfPort(row, 514)).isZero();
        assertThat(KernelUdpDrops.dropsIfPort("garbage", 514)).isZero();
    }

    @Test
    void readsIpv6Rows() {
        String row = "  7: 00000000000000000000000001000000:18EB 00000000000000000000000000000000:0000 07 "
                + "00000000:00000000 00:00000000 00000000  1000        0 99 2 0000000000000000 3";
        assertThat(KernelUdpDrops.dropsIfPort(row, 0x18EB)).isEqualTo(3);
    }
}
