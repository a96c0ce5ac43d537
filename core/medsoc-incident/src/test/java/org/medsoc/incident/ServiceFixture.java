package org.medsoc.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
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
import org.medsoc.testing.MutableClock;

/** A fresh database of each dialect, a hand-moved clock starting 2026-11-25 09:00 Shanghai, and alert helpers. */
abstract class ServiceFixture {
    static final TenantId A = TenantId.of("hospital-a");
    static final TenantId B = TenantId.of("hospital-b");
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant NINE = Instant.parse("2026-11-25T01:00:00Z");
    static final Actor LI = new Actor("li.wei", "李伟");
    static final Actor ZHANG = new Actor("zhang.min", "张敏");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(NINE);
    @Nullable Database db;
    IncidentPolicies policies = new IncidentPolicies(SHANGHAI);

    IncidentService open(Dialect dialect) {
        db = TestDatabases.open(dialect, dir);
        return IncidentService.create(db, clock, policies);
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    static AlertRecord.Builder alert(TenantId tenant, String id, String rule, String host, Instant time) {
        return AlertRecord.builder(tenant, id, time, rule).ruleTitle("Rule " + rule).entity(EntityField.HOST_NAME, host)
                .matchedEventId("ev-" + id);
    }

    static AlertRecord simple(String id, String rule, String host, Instant time) {
        return alert(A, id, rule, host, time).build();
    }

    static Incident only(IncidentService s, TenantId tenant) {
        List<Incident> all = s.list(tenant, IncidentQuery.all()).items();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ErrorCodeSupplier code,
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(MedsocException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code.toErrorCode()));
    }
}
