package org.medsoc.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.medsoc.findings.Advisory;
import org.medsoc.findings.AdvisoryMatcher;
import org.medsoc.findings.AffectedCpe;
import org.medsoc.findings.InventoryItem;
import org.medsoc.findings.Product;
import org.medsoc.findings.VersionRange;
import org.medsoc.spi.event.TenantId;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matching one advisory (Apache httpd {@code [2.4.0, 2.4.56)} as an NVD CPE criterion) against {@code items}
 * generated inventory items of ten tenants (default 100,000: httpd as CPE or as product, nginx, Windows, Office).
 * One op is one whole inventory. {@code matcher}: {@link AdvisoryMatcher#match}. {@code naive}: each inventory CPE
 * split on ':' with {@code String.split} and the version compared as dot-separated integers (no escaping, wildcards,
 * qualifiers or product view: it finds only the CPE half of the matches, which is what it is checked against).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class AdvisoryMatchBenchmark {
    @Param({"matcher", "naive"})
    public String impl;

    @Param({"100000"})
    public int items;

    private Advisory advisory;
    private List<InventoryItem> inventory;

    @Setup(Level.Trial)
    public void setup() {
        advisory = new Advisory("CVE-2023-25690", List.of("CVE-2023-25690"), "httpd request smuggling",
                Severity.CRITICAL, Instant.parse("2023-03-07T16:15:09Z"), List.of(AffectedCpe.of(
                        "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", VersionRange.from("2.4.0", "2.4.56"))));
        inventory = inventory(items);
        int expectedCpe = 0;
        int expectedProduct = 0;
        for (int i = 0; i < items; i++) {
            if (i % 70 < 56) {
                expectedCpe += i % 10 == 0 ? 1 : 0;
                expectedProduct += i % 10 == 1 ? 1 : 0;
            }
        }
        int found = match();
        int expected = impl.equals("matcher") ? expectedCpe + expectedProduct : expectedCpe;
        if (found != expected) {
            throw new IllegalStateException(impl + " matched " + found + " items, expected " + expected);
        }
    }

    @Benchmark
    public int match() {
        return impl.equals("matcher") ? AdvisoryMatcher.match(advisory, inventory).matches().size() : naive();
    }

    private int naive() {
        int n = 0;
        for (InventoryItem item : inventory) {
            for (String cpe : item.cpes()) {
                String[] parts = cpe.split(":");
                if (parts.length > 5 && parts[3].equals("apache") && parts[4].equals("http_server")
                        && compare(parts[5], "2.4.0") >= 0 && compare(parts[5], "2.4.56") < 0) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    /** Item i: tenant hospital-(i/10 mod 10); kind i mod 10: 0 httpd 2.4.(i mod 70) CPE, 1 httpd product, ... */
    static List<InventoryItem> inventory(int count) {
        List<InventoryItem> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TenantId tenant = TenantId.of("hospital-" + (i / 10 % 10));
            int patch = i % 70;
            String os = "cpe:2.3:o:microsoft:windows_server_2019:10.0.17763." + (i % 6000) + ":*:*:*:*:*:*:*";
            list.add(switch (i % 10) {
                case 0 -> new InventoryItem(tenant, "asset-" + i, "srv" + i, List.of(os,
                        "cpe:2.3:a:apache:http_server:2.4." + patch + ":*:*:*:*:*:*:*"), List.of());
                case 1 -> new InventoryItem(tenant, "asset-" + i, "srv" + i, List.of(os),
                        List.of(new Product("Apache", "HTTP Server", "2.4." + patch)));
                case 2 -> new InventoryItem(tenant, "asset-" + i, "srv" + i, List.of(os,
                        "cpe:2.3:a:f5:nginx:1." + patch + ".0:*:*:*:*:*:*:*"), List.of());
                default -> new InventoryItem(tenant, "asset-" + i, "pc" + i, List.of(
                        "cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045." + (i % 5000) + ":*:*:*:*:*:x64:*"),
                        List.of(new Product("Microsoft", "Office", "16.0." + (i % 300))));
            });
        }
        return list;
    }
}
