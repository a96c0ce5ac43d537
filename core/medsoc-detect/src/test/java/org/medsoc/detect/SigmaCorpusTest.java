package org.medsoc.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SigmaCorpusTest {
    /** Compiled share reached on the shared SigmaHQ corpus (3,141 rules); raise it when support grows. */
    private static final double MIN_COMPILED_SHARE = 1.0;

    @Test
    void compilesTheSigmaHqCorpus() {
        Path rules = SigmaTestData.shared("rules");
        assumeTrue(Files.isDirectory(rules), "shared Sigma rules absent: " + rules);
        SigmaCheck.Report report = SigmaCheck.check(rules, FieldNameMapper.identity());
        System.out.println("SigmaCheck: " + report.summary());
        Map<String, Integer> reasons = new TreeMap<>();
        for (SigmaCheck.FileOutcome f : report.files()) {
            switch (f.outcome()) {
                case SigmaCheck.Outcome.Compiled c -> { }
                case SigmaCheck.Outcome.Unsupported u -> {
                    assertThat(u.reason()).as(f.file().toString()).isNotBlank();
                    reasons.merge("unsupported: " + u.reason(), 1, Integer::sum);
                }
                case SigmaCheck.Outcome.Invalid i -> {
                    assertThat(i.problems()).as(f.file().toString()).isNotEmpty();
                    System.out.println("invalid " + f.file() + ": " + i.problems());
                }
            }
        }
        reasons.forEach((reason, count) -> System.out.println(count + " x " + reason));
        double share = (double) report.count(SigmaCheck.Outcome.Compiled.class) / report.files().size();
        assertThat(report.files()).hasSizeGreaterThan(3000);
        assertThat(share).isGreaterThanOrEqualTo(MIN_COMPILED_SHARE);
    }
}
