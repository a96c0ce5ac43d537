package org.medsoc.asset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/** One CSV ledger import: reads and checks every row, then applies them in one transaction or none. */
final class LedgerImport {
    /* Two passes. The first reads the header and every cell into a scratch builder, so that each bad cell is
       reported with its row and column without touching the database. The second runs in one transaction: it
       matches and writes rows in file order (so a later row sees assets created by an earlier one, and two rows
       describing one asset are caught) and rolls back if any row was rejected in either pass. */

    private static final LedgerColumn[] IDENTITY = {LedgerColumn.MAC, LedgerColumn.IP, LedgerColumn.HOSTNAME};

    /** A checked row: its line and its non-empty cells by column, with the header text of each column. */
    private record Row(long line, Map<LedgerColumn, String> cells) {}

    private LedgerImport() {}

    static ImportReport run(AssetInventory inventory, TenantId tenant, byte[] bytes, String actor) {
        CsvReader.Decoded decoded = CsvReader.decode(bytes);
        String charset = decoded.charset().name();
        CsvReader.Result parsed = CsvReader.parse(decoded.text());
        List<CsvReader.CsvRecord> records = parsed.records();
        if (records.isEmpty()) {
            throw new MedsocException(AssetErrorCode.INVALID_LEDGER, parsed.error() != null ? "the ledger cannot be"
                    + " read: " + parsed.error() : "the ledger file is empty; the first row must name the columns,"
                    + " for example IP地址,主机名,责任人 or ip,hostname,owner");
        }
        List<ImportReport.RejectedRow> rejected = new ArrayList<>();
        List<String> header = records.get(0).fields();
        LedgerColumn[] columns = new LedgerColumn[header.size()];
        Map<LedgerColumn, String> headerText = new EnumMap<>(LedgerColumn.class);
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).strip();
            LedgerColumn c = LedgerColumn.ofHeader(h);
            if (c == null) {
                if (!h.isEmpty()) {
                    ignored.add(h);
                }
                continue;
            }
            if (headerText.containsKey(c)) {
                rejected.add(new ImportReport.RejectedRow(records.get(0).line(), h, "column " + (i + 1)
                        + " names the same field as column '" + headerText.get(c) + "'; keep one of them"));
                continue;
            }
            columns[i] = c;
            headerText.put(c, h);
        }
        if (!headerText.containsKey(LedgerColumn.IP) && !headerText.containsKey(LedgerColumn.MAC)
                && !headerText.containsKey(LedgerColumn.HOSTNAME) && !headerText.containsKey(LedgerColumn.NAME)) {
            throw new MedsocException(AssetErrorCode.INVALID_LEDGER, "the header row names no identifying column;"
                    + " it needs at least one of IP地址/ip, MAC地址/mac, 主机名/hostname or 资产名称/name (found: "
                    + String.join(", ", header) + ")");
        }

        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            CsvReader.CsvRecord rec = records.get(r);
            if (rec.fields().size() != header.size()) {
                rejected.add(new ImportReport.RejectedRow(rec.line(), "", "the row has " + rec.fields().size()
                        + " fields but the header has " + header.size() + "; quote cells that contain commas"));
                continue;
            }
            Map<LedgerColumn, String> cells = new EnumMap<>(LedgerColumn.class);
            boolean ok = true;
            AssetAttributes.Builder scratch = AssetAttributes.builder(AssetKind.HOST, "scratch");
            for (int i = 0; i < columns.length; i++) {
                String cell = rec.fields().get(i).strip();
                if (columns[i] == null || cell.isEmpty()) {
                    continue;
                }
                try {
                    columns[i].read(scratch, cell);
                    cells.put(columns[i], cell);
                } catch (IllegalArgumentException | MedsocException e) {
                    rejected.add(new ImportReport.RejectedRow(rec.line(), header.get(i).strip(), e.getMessage()));
                    ok = false;
                }
            }
            if (!ok) {
                continue;
            }
            if (!cells.containsKey(LedgerColumn.IP) && !cells.containsKey(LedgerColumn.MAC)
                    && !cells.containsKey(LedgerColumn.HOSTNAME) && !cells.containsKey(LedgerColumn.NAME)) {
                rejected.add(new ImportReport.RejectedRow(rec.line(), "", "the row has no IP, MAC, host name or"
                        + " asset name; fill at least one"));
                continue;
            }
            rows.add(new Row(rec.line(), cells));
        }
        if (parsed.error() != null) {
            rejected.add(new ImportReport.RejectedRow(parsed.errorLine(), "", parsed.error()));
        }

        int[] counts = new int[3];
        Instant now = inventory.now();
        boolean applied = inventory.write("ledger import", h -> {
            Map<Long, Long> rowOfAsset = new HashMap<>();
            for (Row row : rows) {
                apply(inventory, h, tenant, row, headerText, rowOfAsset, rejected, counts, actor, now);
            }
            if (!rejected.isEmpty()) {
                h.rollback();
                return false;
            }
            return true;
        });
        if (!applied) {
            rejected.sort(Comparator.comparingLong(ImportReport.RejectedRow::row));
            return new ImportReport(false, 0, 0, 0, rejected, ignored, charset);
        }
        if (counts[0] + counts[1] > 0) {
            inventory.changed(tenant);
        }
        return new ImportReport(true, counts[0], counts[1], counts[2], List.of(), ignored, charset);
    }

    private static void apply(AssetInventory inventory, Handle h, TenantId tenant, Row row,
            Map<LedgerColumn, String> headerText, Map<Long, Long> rowOfAsset, List<ImportReport.RejectedRow> rejected,
            int[] counts, String actor, Instant now) {
        Long match = null;
        boolean addressed = false;
        for (LedgerColumn c : IDENTITY) {
            String cell = row.cells().get(c);
            if (cell == null) {
                continue;
            }
            addressed = true;
            AssetAttributes.Builder probe = AssetAttributes.builder(AssetKind.HOST, "probe");
            c.read(probe, cell);
            AssetAttributes parsed = probe.build();
            List<String> values = c == LedgerColumn.MAC ? parsed.macs()
                    : c == LedgerColumn.IP ? parsed.ips() : parsed.hostnames();
            String kind = c == LedgerColumn.MAC ? "mac" : c == LedgerColumn.IP ? "ip" : "hostname";
            Set<Long> found = new TreeSet<>();
            for (String v : values) {
                found.addAll(inventory.matches(h, tenant, kind, v));
            }
            if (found.size() > 1) {
                rejected.add(new ImportReport.RejectedRow(row.line(), headerText.get(c), "'" + cell
                        + "' matches several assets (ids " + found + "); give the MAC address or fix the duplicates"));
                return;
            }
            if (found.size() == 1) {
                match = found.iterator().next();
                break;
            }
        }
        if (match == null && !addressed) {
            List<Long> byName = inventory.matches(h, tenant, "name", row.cells().get(LedgerColumn.NAME).strip());
            if (byName.size() > 1) {
                rejected.add(new ImportReport.RejectedRow(row.line(), headerText.get(LedgerColumn.NAME),
                        "several assets are named '" + row.cells().get(LedgerColumn.NAME).strip() + "' (ids " + byName
                                + "); add an IP or MAC column to tell them apart"));
                return;
            }
            match = byName.isEmpty() ? null : byName.get(0);
        }
        if (match != null) {
            Long earlier = rowOfAsset.putIfAbsent(match, row.line());
            if (earlier != null) {
                rejected.add(new ImportReport.RejectedRow(row.line(), "", "the row describes the same asset (id "
                        + match + ") as row " + earlier + "; merge the two rows"));
                return;
            }
        }
        try {
            if (match == null) {
                AssetAttributes.Builder b = AssetAttributes.builder(AssetKind.HOST, defaultName(row));
                read(b, row);
                Asset created = inventory.insert(h, tenant, b.build(), AssetStatus.ACTIVE, now, now, actor,
                        ChangeSource.CSV, now);
                rowOfAsset.put(created.id(), row.line());
                counts[0]++;
                return;
            }
            Asset current = inventory.load(h, tenant, match).orElseThrow();
            AssetAttributes.Builder b = current.attributes().toBuilder();
            read(b, row);
            AssetAttributes next = b.build();
            AssetStatus status = current.status() == AssetStatus.CANDIDATE ? AssetStatus.ACTIVE : current.status();
            if (next.equals(current.attributes()) && status == current.status()) {
                counts[2]++;
                return;
            }
            inventory.store(h, current, next, status, current.firstSeen(), current.lastSeen(), actor,
                    ChangeSource.CSV, now);
            counts[1]++;
        } catch (MedsocException | IllegalArgumentException e) {
            rejected.add(new ImportReport.RejectedRow(row.line(), "", e.getMessage()));
        }
    }

    private static void read(AssetAttributes.Builder b, Row row) {
        for (Map.Entry<LedgerColumn, String> e : row.cells().entrySet()) {
            e.getKey().read(b, e.getValue());
        }
    }

    private static String defaultName(Row row) {
        for (LedgerColumn c : new LedgerColumn[] {LedgerColumn.NAME, LedgerColumn.HOSTNAME, LedgerColumn.IP,
            LedgerColumn.MAC}) {
            @Nullable String v = row.cells().get(c);
            if (v != null) {
                String first = v.split("[;；,，\\s、]", 2)[0].strip();
                if (!first.isEmpty()) {
                    return first;
                }
            }
        }
        return "unnamed";
    }
}
