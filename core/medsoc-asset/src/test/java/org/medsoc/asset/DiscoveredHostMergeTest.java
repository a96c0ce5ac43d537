package org.medsoc.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsoc.asset.Fixture.HOSPITAL_A;
import static org.medsoc.asset.Fixture.HOSPITAL_B;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;

class DiscoveredHostMergeTest {
    private static final Instant SCAN = Fixture.START.plus(Duration.ofDays(2));

    @TempDir
    Path dir;

    private static DiscoveredHost scanned(String ip, String mac, String hostname, String os, List<OpenPort> ports) {
        return new DiscoveredHost(ip, mac, hostname, os, "", ports, List.of("cpe:/o:microsoft:windows_server_2012"),
                AssetKind.HOST, SCAN);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void mergesAScanIntoTheLedgerWithoutTouchingManualFields(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Asset ledger = f.inventory.create(HOSPITAL_A, AssetAttributes.builder(AssetKind.HOST, "HIS 数据库")
                    .ips("10.1.1.10").os("Windows Server", "2008").businessSystem("HIS").owner("张伟")
                    .department("信息科").location("机房A").criticality(4)
                    .ports(List.of(new OpenPort(21, "tcp", "ftp", "", ""))).build(), "alice");
            f.clock.advance(Duration.ofDays(3));

            List<OpenPort> ports = List.of(new OpenPort(1521, "tcp", "oracle-tns", "Oracle TNS listener", "11.2.0.4"),
                    new OpenPort(3389, "tcp", "ms-wbt-server", "", ""));
            ImportReport report = f.inventory.importDiscovered(HOSPITAL_A, List.of(
                    scanned("10.1.1.10", "00:50:56:aa:bb:cc", "HIS-DB01", "Windows Server", ports),
                    scanned("10.1.1.77", "", "", "Linux", List.of(new OpenPort(22, "tcp", "ssh", "OpenSSH", "7.4")))),
                    ChangeSource.NMAP, "nmap-import");

            assertThat(report.applied()).isTrue();
            assertThat(List.of(report.created(), report.updated(), report.unchanged())).containsExactly(1, 1, 0);
            Asset merged = f.inventory.find(HOSPITAL_A, ledger.id()).orElseThrow();
            AssetAttributes a = merged.attributes();
            assertThat(a.name()).isEqualTo("HIS 数据库");
            assertThat(a.owner()).isEqualTo("张伟");
            assertThat(a.department()).isEqualTo("信息科");
            assertThat(a.location()).isEqualTo("机房A");
            assertThat(a.businessSystem()).isEqualTo("HIS");
            assertThat(a.criticality()).isEqualTo(4);
            assertThat(a.osName()).isEqualTo("Windows Server");
            assertThat(a.osVersion()).isEqualTo("2008");
            assertThat(a.ports()).isEqualTo(ports);
            assertThat(a.macs()).containsExactly("00:50:56:aa:bb:cc");
            assertThat(a.hostnames()).containsExactly("his-db01");
            assertThat(a.cpes()).containsExactly("cpe:/o:microsoft:windows_server_2012");
            assertThat(merged.status()).isEqualTo(AssetStatus.ACTIVE);
            assertThat(merged.firstSeen()).isEqualTo(Fixture.START);
            assertThat(merged.lastSeen()).isEqualTo(SCAN);
            assertThat(f.inventory.history(HOSPITAL_A, ledger.id()))
                    .filteredOn(c -> c.source() == ChangeSource.NMAP)
                    .extracting(AssetChange::field)
                    .containsExactlyInAnyOrder("mac", "hostname", "open_ports", "cpe");

            Asset candidate = f.inventory.findByIp(HOSPITAL_A, "10.1.1.77").get(0);
            assertThat(candidate.status()).isEqualTo(AssetStatus.CANDIDATE);
            assertThat(candidate.attributes().name()).isEqualTo("10.1.1.77");
            assertThat(candidate.attributes().osName()).isEqualTo("Linux");
            assertThat(candidate.firstSeen()).isEqualTo(SCAN);

            // the same scan again changes nothing; the MAC now matches even when the IP moved
            ImportReport again = f.inventory.importDiscovered(HOSPITAL_A, List.of(
                    scanned("10.1.1.10", "00:50:56:aa:bb:cc", "his-db01", "Windows Server", ports)),
                    ChangeSource.NMAP, "nmap-import");
            assertThat(List.of(again.created(), again.updated(), again.unchanged())).containsExactly(0, 0, 1);
            ImportReport moved = f.inventory.importDiscovered(HOSPITAL_A, List.of(
                    scanned("10.1.1.99", "00-50-56-AA-BB-CC", "", "", ports)), ChangeSource.NMAP, "nmap-import");
            assertThat(moved.updated()).isEqualTo(1);
            assertThat(f.inventory.find(HOSPITAL_A, ledger.id()).orElseThrow().attributes().ips())
                    .containsExactly("10.1.1.10", "10.1.1.99");
            assertThat(f.inventory.list(HOSPITAL_B, AssetQuery.all()).total()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void passiveSightingsNeverEraseScannedPortsAndRetiredAssetsAreNotRevived(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            List<OpenPort> ports = List.of(new OpenPort(104, "tcp", "dicom", "", ""));
            f.inventory.importDiscovered(HOSPITAL_A, List.of(scanned("10.2.0.31", "", "", "", ports)),
                    ChangeSource.NMAP, "nmap");
            Asset ct = f.inventory.findByIp(HOSPITAL_A, "10.2.0.31").get(0);
            f.inventory.importDiscovered(HOSPITAL_A, List.of(DiscoveredHost.address("10.2.0.31",
                    SCAN.plus(Duration.ofHours(1)))), ChangeSource.PASSIVE, "passive");
            Asset after = f.inventory.find(HOSPITAL_A, ct.id()).orElseThrow();
            assertThat(after.attributes().ports()).isEqualTo(ports);
            assertThat(after.lastSeen()).isEqualTo(SCAN.plus(Duration.ofHours(1)));
            assertThat(after.version()).isEqualTo(ct.version());

            f.inventory.retire(HOSPITAL_A, ct.id(), ct.version(), "alice");
            ImportReport report = f.inventory.importDiscovered(HOSPITAL_A,
                    List.of(DiscoveredHost.address("10.2.0.31", SCAN)), ChangeSource.PASSIVE, "passive");
            assertThat(report.created()).isEqualTo(1);
            assertThat(f.inventory.findByIp(HOSPITAL_A, "10.2.0.31")).extracting(Asset::status)
                    .containsExactly(AssetStatus.RETIRED, AssetStatus.CANDIDATE);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aHostWithoutAUsableAddressRejectsTheWholeList(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            ImportReport report = f.inventory.importDiscovered(HOSPITAL_A, List.of(
                    DiscoveredHost.address("10.0.0.1", SCAN),
                    DiscoveredHost.address("10.0.0.999", SCAN),
                    new DiscoveredHost("", "", "lonely", "", "", List.of(), List.of(), AssetKind.HOST, SCAN)),
                    ChangeSource.NMAP, "nmap");
            assertThat(report.applied()).isFalse();
            assertThat(report.rejected()).extracting(ImportReport.RejectedRow::row).containsExactly(2L, 3L);
            assertThat(f.count("asset")).isZero();
        }
    }
}
