package org.medsoc.asset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import org.medsoc.database.Database;
import org.medsoc.database.Dialect;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.testing.MutableClock;

/** A fresh database with the inventory on it and a hand-moved clock. */
final class Fixture implements AutoCloseable {
    static final TenantId HOSPITAL_A = TenantId.of("hospital-a");
    static final TenantId HOSPITAL_B = TenantId.of("hospital-b");
    static final Instant START = Instant.parse("2026-11-25T08:00:00Z");

    final Database db;
    final MutableClock clock = new MutableClock(START);
    final AssetInventory inventory;

    Fixture(Dialect dialect, Path dir) {
        this.db = TestDatabases.open(dialect, dir);
        this.inventory = AssetInventory.create(db, clock);
    }

    long count(String table) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    byte[] exportBytes(TenantId tenant, boolean chinese) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        inventory.exportCsv(tenant, AssetQuery.all(), chinese, out);
        return out.toByteArray();
    }

    static byte[] resource(String name) {
        try (InputStream in = Fixture.class.getResourceAsStream("/ledger/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /ledger/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
