package org.medsoc.asset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.medsoc.asset.Fixture.HOSPITAL_A;
import static org.medsoc.asset.Fixture.HOSPITAL_B;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;

class LedgerImportTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void importsAChineseLedgerWithByteOrderMark(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            ImportReport report = f.inventory.importCsv(HOSPITAL_A, Fixture.resource("chinese-utf8-bom.csv"), "alice");

            assertThat(report.rejected()).isEmpty();
            assertThat(report.applied()).isTrue();
            assertThat(report.created()).isEqualTo(4);
            assertThat(report.charset()).isEqualTo("UTF-8");
            assertThat(report.ignoredColumns()).containsExactly("序号", "备注");

            Asset his = f.inventory.findByMac(HOSPITAL_A, "00:1a:2b:3c:4d:5e").get(0);
            AssetAttributes a = his.attributes();
            assertThat(a.name()).isEqualTo("HIS数据库服务器");
            assertThat(a.kind()).isEqualTo(AssetKind.HOST);
            assertThat(a.hostnames()).containsExactly("his-db01");
            assertThat(a.osName()).isEqualTo("Windows Server");
            assertThat(a.osVersion()).isEqualTo("2012 R2");
            assertThat(a.businessSystem()).isEqualTo("HIS");
            assertThat(a.owner()).isEqualTo("张伟");
            assertThat(a.department()).isEqualTo("信息科");
            assertThat(a.location()).isEqualTo("机房A-03机柜");
            assertThat(a.criticality()).isEqualTo(4);
            assertThat(a.middleware()).containsExactly(new Software("Tomcat", "8.5"), new Software("WebLogic", "12.2"));
            assertThat(a.databases()).containsExactly(new Software("Oracle", "11.2"));
            assertThat(his.status()).isEqualTo(AssetStatus.ACTIVE);

            Asset pacs = f.inventory.findByIp(HOSPITAL_A, "10.1.2.21").get(0);
            assertThat(pacs.attributes().ips()).containsExactly("10.1.2.20", "10.1.2.21");
            assertThat(pacs.attributes().criticality()).isEqualTo(4);
            assertThat(pacs.attributes().exposure()).containsExactly(new ExposedService(443, "tcp", "https"));

            Asset ct = f.inventory.findByMac(HOSPITAL_A, "00:1a:2b:3c:4d:60").get(0);
            assertThat(ct.attributes().kind()).isEqualTo(AssetKind.MEDICAL_DEVICE);
            assertThat(ct.attributes().modality()).isEqualTo("CT");
            assertThat(ct.attributes().model()).isEqualTo("SOMATOM go.Up");
            assertThat(ct.attributes().vendor()).isEqualTo("Siemens");

            Page<Asset> web = f.inventory.list(HOSPITAL_A, AssetQuery.all().withKind(AssetKind.APPLICATION));
            assertThat(web.items()).singleElement().satisfies(w -> {
                assertThat(w.attributes().name()).isEqualTo("门户网站");
                assertThat(w.attributes().exposure()).hasSize(2);
            });
            assertThat(f.inventory.history(HOSPITAL_A, his.id())).allSatisfy(c -> {
                assertThat(c.source()).isEqualTo(ChangeSource.CSV);
                assertThat(c.actor()).isEqualTo("alice");
            });
            assertThat(f.inventory.list(HOSPITAL_B, AssetQuery.all()).total()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void readsAGb18030LedgerAndUpdatesOnReimport(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            ImportReport first = f.inventory.importCsv(HOSPITAL_A, Fixture.resource("chinese-gb18030.csv"), "alice");
            assertThat(first.charset()).isEqualTo("GB18030");
            assertThat(first.created()).isEqualTo(2);
            Asset lisDb = f.inventory.findByIp(HOSPITAL_A, "10.3.0.6").get(0);
            assertThat(lisDb.attributes().owner()).isEqualTo("刘洋");
            assertThat(lisDb.attributes().location()).isEqualTo("门诊楼三层");
            assertThat(lisDb.attributes().criticality()).isEqualTo(3);
            assertThat(lisDb.attributes().name()).isEqualTo("lis-db01");

            ImportReport again = f.inventory.importCsv(HOSPITAL_A, Fixture.resource("chinese-gb18030.csv"), "alice");
            assertThat(again.applied()).isTrue();
            assertThat(List.of(again.created(), again.updated(), again.unchanged())).containsExactly(0, 0, 2);

            byte[] changed = "ip,owner\n10.3.0.6,陈静\n".getBytes(UTF_8);
            ImportReport update = f.inventory.importCsv(HOSPITAL_A, changed, "bob");
            assertThat(List.of(update.created(), update.updated(), update.unchanged())).containsExactly(0, 1, 0);
            Asset after = f.inventory.find(HOSPITAL_A, lisDb.id()).orElseThrow();
            assertThat(after.attributes().owner()).isEqualTo("陈静");
            assertThat(after.attributes().department()).isEqualTo("检验科");
            assertThat(after.version()).isEqualTo(2);
            assertThat(f.inventory.history(HOSPITAL_A, lisDb.id())).last()
                    .extracting(AssetChange::field, AssetChange::oldValue, AssetChange::newValue, AssetChange::actor)
                    .containsExactly("owner", "刘洋", "陈静", "bob");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aBadRowRejectsTheWholeImportNamingRowAndColumn(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            ImportReport report = f.inventory.importCsv(HOSPITAL_A, Fixture.resource("bad-rows.csv"), "alice");

            assertThat(report.applied()).isFalse();
            assertThat(List.of(report.created(), report.updated(), report.unchanged())).containsExactly(0, 0, 0);
            assertThat(report.rejected()).extracting(ImportReport.RejectedRow::row, ImportReport.RejectedRow::column)
                    .containsExactly(tuple(3L, "criticality"), tuple(4L, "ip"));
            assertThat(report.rejected().get(0).reason()).contains("'5' is not a criticality; use 1 (低) to 4 (关键)");
            assertThat(report.rejected().get(1).reason()).contains("'10.4.0.300' is not a valid IP address");
            assertThat(f.count("asset")).isZero();
            assertThat(f.count("asset_change")).isZero();
            assertThat(f.count("asset_address")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aConflictFoundWhileWritingRollsBackTheRowsWrittenBeforeIt(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            byte[] csv = ("ip,hostname,owner\n10.7.0.1,a1,x\n10.7.0.2,a2,y\n10.7.0.1,a3,z\n").getBytes(UTF_8);
            ImportReport report = f.inventory.importCsv(HOSPITAL_A, csv, "alice");

            assertThat(report.applied()).isFalse();
            assertThat(report.rejected()).singleElement().satisfies(r -> {
                assertThat(r.row()).isEqualTo(4);
                assertThat(r.reason()).contains("same asset").contains("row 2");
            });
            assertThat(f.count("asset")).isZero();
            assertThat(f.count("asset_change")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void readsRfc4180QuotingAndCountsLinesInsideQuotedFields(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            ImportReport report = f.inventory.importCsv(HOSPITAL_A, Fixture.resource("quoted.csv"), "alice");
            assertThat(report.rejected()).isEmpty();
            assertThat(report.created()).isEqualTo(2);
            AssetAttributes nurse = f.inventory.findByIp(HOSPITAL_A, "10.5.0.7").get(0).attributes();
            assertThat(nurse.name()).isEqualTo("Nurse station, ward 5");
            assertThat(nurse.owner()).isEqualTo("O'Brien \"Bob\"");
            assertThat(nurse.location()).isEqualTo("Building 2\r\nFloor 3");
            assertThat(nurse.tags()).containsExactly("ward", "nursing");
            assertThat(f.inventory.findByIp(HOSPITAL_A, "10.5.0.8").get(0).attributes().location())
                    .isEqualTo("Lab, room 101");

            ImportReport bad = f.inventory.importCsv(HOSPITAL_B, Fixture.resource("quoted-then-bad.csv"), "alice");
            assertThat(bad.rejected()).singleElement().satisfies(r -> {
                assertThat(r.row()).isEqualTo(4);
                assertThat(r.column()).isEqualTo("ip");
            });
            ImportReport unterminated = f.inventory.importCsv(HOSPITAL_B, Fixture.resource("unterminated-quote.csv"),
                    "alice");
            assertThat(unterminated.applied()).isFalse();
            assertThat(unterminated.rejected()).singleElement().satisfies(r -> {
                assertThat(r.row()).isEqualTo(3);
                assertThat(r.reason()).contains("never closed");
            });
            byte[] ragged = "ip,owner\n10.8.0.1,a,b\n".getBytes(UTF_8);
            assertThat(f.inventory.importCsv(HOSPITAL_B, ragged, "alice").rejected()).singleElement()
                    .satisfies(r -> assertThat(r.reason()).contains("3 fields but the header has 2"));
            assertThat(f.inventory.list(HOSPITAL_B, AssetQuery.all()).total()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void refusesAFileWithoutAHeaderItCanUse(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            assertThatThrownBy(() -> f.inventory.importCsv(HOSPITAL_A, new byte[0], "alice"))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(AssetErrorCode.INVALID_LEDGER.toErrorCode()))
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> f.inventory.importCsv(HOSPITAL_A, "责任人,科室\n张伟,信息科\n".getBytes(UTF_8),
                    "alice")).hasMessageContaining("no identifying column");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void exportsTheLedgerSoThatReimportingChangesNothing(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            f.inventory.importCsv(HOSPITAL_A, Fixture.resource("chinese-utf8-bom.csv"), "alice");
            f.inventory.create(HOSPITAL_A, AssetAttributes.builder(AssetKind.IOT, "=HYPERLINK(\"http://x\")")
                    .ips("10.1.9.9").build(), "alice");

            ByteArrayOutputStream zh = new ByteArrayOutputStream();
            f.inventory.exportCsv(HOSPITAL_A, AssetQuery.all(), true, zh);
            String text = zh.toString(UTF_8);
            assertThat(text).startsWith("\uFEFF资产名称,资产类型,IP地址,MAC地址,主机名,操作系统");
            assertThat(text).contains("PACS影像服务器,主机,10.1.2.20; 10.1.2.21,");
            assertThat(text).contains("'=HYPERLINK(\"\"http://x\"\")");
            assertThat(text.lines().count()).isEqualTo(6);

            ByteArrayOutputStream en = new ByteArrayOutputStream();
            f.inventory.exportCsv(HOSPITAL_A, AssetQuery.all().withKind(AssetKind.MEDICAL_DEVICE), false, en);
            assertThat(en.toString(UTF_8)).startsWith("\uFEFFname,kind,ip,mac,hostname,os,os_version,middleware")
                    .contains("CT扫描仪,MEDICAL_DEVICE,10.2.0.31,00:1a:2b:3c:4d:60");
            assertThat(en.toString(UTF_8).lines().count()).isEqualTo(2);

            ImportReport again = f.inventory.importCsv(HOSPITAL_B, zh.toByteArray(), "bob");
            assertThat(again.created()).isEqualTo(5);
            ImportReport same = f.inventory.importCsv(HOSPITAL_A, f.exportBytes(HOSPITAL_A, true), "bob");
            assertThat(same.rejected()).isEmpty();
            assertThat(List.of(same.created(), same.updated(), same.unchanged())).containsExactly(0, 1, 4);
            assertThat(f.inventory.list(HOSPITAL_A, AssetQuery.all().withText("'=HYPERLINK")).total()).isOne();
        }
    }
}
