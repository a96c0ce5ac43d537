package org.medsoc.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.IntConsumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.database.Database;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.ErrorCodeSupplier;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.vuln.ReimportScope;
import org.medsoc.vuln.ScanReport;
import org.medsoc.testing.MutableClock;

/** A fresh database of each dialect, a hand-moved clock starting 2026-11-25 01:00 UTC, and ledger helpers. */
abstract class LedgerFixture {
    static final TenantId A = TenantId.of("hospital-a");
    static final TenantId B = TenantId.of("hospital-b");
    static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");
    static final Actor LI = new Actor("li.wei", "李伟");
    static final Actor ZHANG = new Actor("zhang.min", "张敏");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);
    @Nullable Database db;

    FindingLedger open(Dialect dialect) {
        return open(dialect, n -> {});
    }

    FindingLedger open(Dialect dialect, IntConsumer afterBatch) {
        db = TestDatabases.open(dialect, dir);
        return FindingLedger.create(db, clock, afterBatch);
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    static ImportResult importScanned(FindingLedger ledger, TenantId tenant, ScanReport report) {
        return ledger.importReport(tenant, report, ReimportScope.scannedHosts(), LI, "scan.nessus");
    }

    static List<TrackedFinding> all(FindingLedger ledger, TenantId tenant) {
        return ledger.list(tenant, FindingQuery.builder().sort(FindingSort.HOST, false).page(0, 1000).build())
                .items();
    }

    static TrackedFinding byCve(FindingLedger ledger, TenantId tenant, String cve) {
        List<TrackedFinding> found = ledger.list(tenant, FindingQuery.builder().cve(cve).build()).items();
        assertThat(found).as("findings with " + cve).hasSize(1);
        return found.get(0);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ErrorCodeSupplier code,
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(MedsocException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code.toErrorCode()));
    }
}
