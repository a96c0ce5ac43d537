package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

/**
 * Five million indicators (a commission-wide feed) in the heap surefire gives tests (-Xmx1g): the index must fit
 * well inside it and still match exactly. Prints the estimated and the measured size per million indicators.
 */
class IndicatorIndexScaleTest {
    static final int COUNT = 5_000_000;
    private static final long BUDGET = 600L * 1024 * 1024;

    @Test
    void fiveMillionIndicatorsFitInTheTestHeapAndMatch() {
        long before = usedHeapAfterGc();
        IndicatorIndex index = IntelCorpus.build(COUNT);
        long measured = usedHeapAfterGc() - before;
        long estimated = index.estimatedBytes();
        System.out.printf("IndicatorIndex of %,d indicators: estimated %,d bytes (%.1f MB per million),"
                        + " measured heap growth %,d bytes (%.1f MB per million)%n", index.size(), estimated,
                estimated / 1e6 / (COUNT / 1e6), measured, measured / 1e6 / (COUNT / 1e6));
        assertThat(index.size()).isEqualTo(COUNT);
        assertThat(estimated).isLessThan(BUDGET);
        assertThat(measured).isLessThan(BUDGET);

        for (int i = 0; i < COUNT; i += 99_991) {
            Indicator expected = IntelCorpus.indicator(i);
            Event e = IntelCorpus.eventFor(expected);
            List<IndicatorMatch> hits = index.match(e);
            assertThat(hits).as("indicator %d %s", i, expected)
                    .anySatisfy(m -> assertThat(m.indicator().key()).isEqualTo(expected.key()));
        }
        Event clean = new Event(TenantId.DEFAULT, 0, "")
                .put(Fields.SOURCE_IP, "10.255.255.254")
                .put(Fields.DNS_QUESTION_NAME, "www.hospital.example")
                .put(Fields.FILE_HASH_SHA256, HexFormat.of().formatHex(new byte[32]));
        assertThat(index.match(clean)).isEmpty();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
