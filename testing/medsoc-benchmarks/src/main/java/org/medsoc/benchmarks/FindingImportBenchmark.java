package org.medsoc.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseConfig;
import org.medsoc.findings.Actor;
import org.medsoc.findings.FindingLedger;
import org.medsoc.findings.ImportResult;
import org.medsoc.spi.event.TenantId;
import org.medsoc.vuln.Finding;
import org.medsoc.vuln.HostAddress;
import org.medsoc.vuln.ReimportScope;
import org.medsoc.vuln.ReportFormat;
import org.medsoc.vuln.ScanReport;
import org.medsoc.vuln.ScannedHost;
import org.medsoc.vuln.Severity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Importing a generated scanner report of {@code findings} findings (100 per host) into the findings ledger on an
 * embedded H2 file database. One op is one whole import in one transaction. {@code first}: into a tenant that has
 * nothing (every finding created, with its CVE rows and history). {@code reimport}: the same report again into a
 * tenant that already has it (every finding seen again: last-seen updates only). Each op uses a fresh tenant,
 * prepared (for {@code reimport}, imported once) outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class FindingImportBenchmark {
    private static final Actor BENCH = new Actor("bench", "benchmark");

    @Param({"first", "reimport"})
    public String kind;

    @Param({"50000"})
    public int findings;

    private Path dir;
    private Database db;
    private FindingLedger ledger;
    private ScanReport report;
    private TenantId tenant;
    private int round;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("medsoc-findings-bench");
        db = Database.open(DatabaseConfig.embedded(dir));
        ledger = FindingLedger.create(db, Clock.systemUTC());
        report = report(findings);
        ImportResult check = ledger.importReport(TenantId.of("check"), report, ReimportScope.scannedHosts(), BENCH,
                "check");
        if (check.created() != findings) {
            throw new IllegalStateException("created " + check.created() + " findings, expected " + findings);
        }
    }

    @Setup(Level.Iteration)
    public void prepareTenant() {
        tenant = TenantId.of("bench-" + kind + "-" + round++);
        if (kind.equals("reimport")) {
            ledger.importReport(tenant, report, ReimportScope.scannedHosts(), BENCH, "first");
        }
    }

    @Benchmark
    public int importReport() {
        ImportResult r = ledger.importReport(tenant, report, ReimportScope.scannedHosts(), BENCH, "bench");
        int changed = kind.equals("first") ? r.created() : r.seenAgain();
        if (changed != findings) {
            throw new IllegalStateException(kind + " changed " + changed + " findings, expected " + findings);
        }
        return changed;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static ScanReport report(int count) {
        Instant start = Instant.parse("2026-11-25T01:00:00Z");
        Severity[] severities = Severity.values();
        List<Finding> list = new ArrayList<>(count);
        List<ScannedHost> hosts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int h = i / 100;
            String ip = "10." + (h >> 16 & 255) + "." + (h >> 8 & 255) + "." + (h & 255);
            HostAddress host = new HostAddress(Optional.of(ip), Optional.empty(), Optional.empty());
            if (i % 100 == 0) {
                hosts.add(new ScannedHost(host, Optional.empty(), List.of()));
            }
            String cve = "CVE-2024-" + (10000 + i % 100);
            list.add(new Finding(ReportFormat.NESSUS, "plugin-" + cve, "Weakness " + cve, severities[i % 5],
                    List.of(cve), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    host, 1000 + i % 100, "tcp", Optional.empty(), Optional.empty(), "", "", "Upgrade", List.of(),
                    Optional.empty(), Optional.empty()));
        }
        return new ScanReport(ReportFormat.NESSUS, Optional.of(start), Optional.empty(), hosts, list);
    }
}
