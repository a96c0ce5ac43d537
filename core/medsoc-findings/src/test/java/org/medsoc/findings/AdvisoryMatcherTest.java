package org.medsoc.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.event.TenantId;
import org.medsoc.vuln.Severity;

class AdvisoryMatcherTest {
    static final TenantId A = TenantId.of("hospital-a");
    static final TenantId B = TenantId.of("hospital-b");
    static final Instant PUBLISHED = Instant.parse("2026-11-20T00:00:00Z");

    static Advisory httpd() {
        return new Advisory("CVE-2023-25690", List.of("CVE-2023-25690"), "httpd request smuggling",
                Severity.CRITICAL, PUBLISHED, List.of(
                        AffectedCpe.of("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*",
                                VersionRange.from("2.4.0", "2.4.56"))));
    }

    static InventoryItem cpeItem(TenantId tenant, String id, String... cpes) {
        return new InventoryItem(tenant, id, "host-" + id, List.of(cpes), List.of());
    }

    static InventoryItem productItem(TenantId tenant, String id, Product... products) {
        return new InventoryItem(tenant, id, "host-" + id, List.of(), List.of(products));
    }

    @Test
    void matchesVersionRangesWithTheirBounds() {
        AdvisoryMatches m = AdvisoryMatcher.match(httpd(), List.of(
                cpeItem(A, "low", "cpe:2.3:a:apache:http_server:2.4.0:*:*:*:*:*:*:*"),
                cpeItem(A, "mid", "cpe:2.3:a:apache:http_server:2.4.55:*:*:*:*:*:*:*"),
                cpeItem(A, "fixed", "cpe:2.3:a:apache:http_server:2.4.56:*:*:*:*:*:*:*"),
                cpeItem(A, "older", "cpe:2.3:a:apache:http_server:2.2.34:*:*:*:*:*:*:*"),
                cpeItem(A, "unknown", "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*"),
                cpeItem(A, "rc", "cpe:2.3:a:apache:http_server:2.4.56-rc1:*:*:*:*:*:*:*"),
                cpeItem(A, "other", "cpe:2.3:a:nginx:nginx:1.25.3:*:*:*:*:*:*:*")));
        assertThat(m.matches()).extracting(AssetMatch::assetId).containsExactly("low", "mid", "rc");
        AssetMatch mid = m.matches().get(1);
        assertThat(mid.version()).isEqualTo("2.4.55");
        assertThat(mid.matched()).isEqualTo("cpe:2.3:a:apache:http_server:2.4.55:*:*:*:*:*:*:*");
        assertThat(mid.reason()).contains("versions [2.4.0, 2.4.56)").contains("CVE-2023-25690");
    }

    @Test
    void honoursExcludingStartAndIncludingEnd() {
        Advisory a = new Advisory("ADV-1", List.of(), "t", Severity.HIGH, PUBLISHED, List.of(new AffectedCpe(
                Cpe.parse("cpe:2.3:a:openbsd:openssh:*"), new VersionRange(Optional.empty(), Optional.of("8.5p1"),
                Optional.of("9.7p1"), Optional.empty()))));
        AdvisoryMatches m = AdvisoryMatcher.match(a, List.of(
                cpeItem(A, "85p1", "cpe:2.3:a:openbsd:openssh:8.5p1"),
                cpeItem(A, "85p2", "cpe:2.3:a:openbsd:openssh:8.5p2"),
                cpeItem(A, "97p1", "cpe:2.3:a:openbsd:openssh:9.7p1"),
                cpeItem(A, "98p1", "cpe:2.3:a:openbsd:openssh:9.8p1")));
        assertThat(m.matches()).extracting(AssetMatch::assetId).containsExactly("85p2", "97p1");
    }

    @Test
    void matchesWindowsBuildsAndExactVersions() {
        Advisory a = new Advisory("ADV-WIN", List.of("CVE-2024-38063"), "IPv6 RCE", Severity.CRITICAL, PUBLISHED,
                List.of(AffectedCpe.of("cpe:2.3:o:microsoft:windows_10_22h2:*:*:*:*:*:*:x64:*",
                                VersionRange.before("10.0.19045.4780")),
                        AffectedCpe.of("cpe:2.3:o:microsoft:windows_server_2019:10.0.17763:*:*:*:*:*:*:*",
                                VersionRange.ANY)));
        AdvisoryMatches m = AdvisoryMatcher.match(a, List.of(
                cpeItem(A, "old", "cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.4651:*:*:*:*:*:x64:*"),
                cpeItem(A, "patched", "cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.4780:*:*:*:*:*:x64:*"),
                cpeItem(A, "x86", "cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.4651:*:*:*:*:*:x86:*"),
                cpeItem(A, "srv", "cpe:2.3:o:microsoft:windows_server_2019:10.0.17763.0:*:*:*:*:*:*:*"),
                cpeItem(A, "srv2", "cpe:2.3:o:microsoft:windows_server_2019:10.0.17763.5329:*:*:*:*:*:*:*")));
        assertThat(m.matches()).extracting(AssetMatch::assetId).containsExactly("old", "srv");
    }

    @Test
    void matchesProductsByVendorAndNameAndCrossesCpeAndProductViews() {
        Advisory vendorBulletin = new Advisory("CNVD-2026-1", List.of(), "PACS viewer RCE", Severity.HIGH, PUBLISHED,
                List.of(new AffectedProduct("United Imaging", "uPACS Viewer", VersionRange.upTo("3.2.1"))));
        AdvisoryMatches m = AdvisoryMatcher.match(vendorBulletin, List.of(
                productItem(A, "p1", new Product("united imaging", "upacs-viewer", "3.2.1")),
                productItem(A, "p2", new Product("United Imaging", "uPACS Viewer", "3.2.2")),
                productItem(B, "p3", new Product("United_Imaging", "uPACS_Viewer", "2.9")),
                cpeItem(B, "c1", "cpe:2.3:a:united_imaging:upacs_viewer:3.0:*:*:*:*:*:*:*"),
                productItem(B, "p4", new Product("Other", "uPACS Viewer", "1.0"))));
        assertThat(m.matches()).extracting(AssetMatch::assetId).containsExactly("p1", "p3", "c1");
        assertThat(m.matches().get(0).reason()).contains("product United Imaging uPACS Viewer versions [, 3.2.1]");

        AdvisoryMatches viaProduct = AdvisoryMatcher.match(httpd(), List.of(
                productItem(A, "httpd-old", new Product("Apache", "HTTP Server", "2.4.49")),
                productItem(A, "httpd-new", new Product("Apache", "HTTP Server", "2.4.62"))));
        assertThat(viaProduct.matches()).extracting(AssetMatch::assetId).containsExactly("httpd-old");
        assertThat(viaProduct.matches().get(0).matched()).isEqualTo("Apache HTTP Server 2.4.49");
    }

    @Test
    void groupsMatchesPerTenantAndSkipsInvalidInventoryCpes() {
        AdvisoryMatches m = AdvisoryMatcher.match(httpd(), List.of(
                cpeItem(A, "a1", "not a cpe", "cpe:2.3:a:apache:http_server:2.4.50"),
                cpeItem(B, "b1", "cpe:2.3:a:apache:http_server:2.4.62"),
                cpeItem(B, "b2", "cpe:2.3:a:apache:http_server:2.4.1"),
                cpeItem(A, "a2", "cpe:2.3:a:apache:http_server:2.4.54")));
        assertThat(m.byTenant()).containsOnlyKeys(A, B);
        assertThat(m.byTenant().get(A)).extracting(AssetMatch::assetId).containsExactly("a1", "a2");
        assertThat(m.byTenant().get(B)).extracting(AssetMatch::assetId).containsExactly("b2");
        AdvisoryMatches none = AdvisoryMatcher.match(httpd(), List.of(cpeItem(B, "b1",
                "cpe:2.3:a:apache:http_server:2.4.62")));
        assertThat(none.byTenant()).isEmpty();
    }

    @Test
    void matchesOneAdvisoryAcrossAHundredThousandItemsExactly() {
        List<InventoryItem> inventory = generated(100_000);
        AdvisoryMatches m = AdvisoryMatcher.match(httpd(), inventory);
        List<String> expected = new ArrayList<>();
        java.util.Map<TenantId, List<String>> expectedByTenant = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 100_000; i++) {
            int kind = i % 10;
            int patch = i % 70;
            boolean affectedCpe = kind == 0 && patch < 56;
            boolean affectedProduct = kind == 1 && patch < 56;
            if (affectedCpe || affectedProduct) {
                expected.add("asset-" + i);
                expectedByTenant.computeIfAbsent(TenantId.of("hospital-" + (i / 10 % 10)), t -> new ArrayList<>())
                        .add("asset-" + i);
            }
        }
        assertThat(expected).as("12 of every 70 items, plus 8 in the last 40").hasSize(17_144);
        assertThat(m.matches()).extracting(AssetMatch::assetId).containsExactlyElementsOf(expected);
        assertThat(m.byTenant().keySet()).hasSize(10);
        m.byTenant().forEach((tenant, matches) -> assertThat(matches).extracting(AssetMatch::assetId)
                .containsExactlyElementsOf(expectedByTenant.get(tenant)));
    }

    /**
     * Item i: tenant hospital-(i / 10 mod 10); kind i%10: 0 = httpd 2.4.(i%70) as CPE, 1 = httpd as product,
     * 2 = nginx CPE, 3..9 = Windows and other software. Exactly kinds 0 and 1 with patch below 56 are affected.
     */
    static List<InventoryItem> generated(int count) {
        List<InventoryItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TenantId tenant = TenantId.of("hospital-" + (i / 10 % 10));
            int patch = i % 70;
            String os = "cpe:2.3:o:microsoft:windows_server_2019:10.0.17763." + (i % 6000) + ":*:*:*:*:*:*:*";
            InventoryItem item = switch (i % 10) {
                case 0 -> new InventoryItem(tenant, "asset-" + i, "srv" + i, List.of(os,
                        "cpe:2.3:a:apache:http_server:2.4." + patch + ":*:*:*:*:*:*:*"), List.of());
                case 1 -> new InventoryItem(tenant, "asset-" + i, "srv" + i, List.of(os),
                        List.of(new Product("Apache", "HTTP Server", "2.4." + patch)));
                case 2 -> new InventoryItem(tenant, "asset-" + i, "srv" + i, List.of(os,
                        "cpe:2.3:a:f5:nginx:1." + patch + ".0:*:*:*:*:*:*:*"), List.of());
                default -> new InventoryItem(tenant, "asset-" + i, "pc" + i, List.of(
                        "cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045." + (i % 5000) + ":*:*:*:*:*:x64:*"),
                        List.of(new Product("Microsoft", "Office", "16.0." + (i % 300))));
            };
            items.add(item);
        }
        return items;
    }
}
