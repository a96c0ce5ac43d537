package org.medsoc.identity;

import java.nio.file.Path;
import java.time.Instant;
import org.medsoc.database.Database;
import org.medsoc.database.Dialect;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.testing.MutableClock;

/**
 * A database with the identity schema, a hand-moved clock, and a small tenant tree:
 * provider → (district → (h1, h2)), provider → other; the bootstrap admin "root" holds ADMIN on provider.
 */
final class Fixture implements AutoCloseable {
    static final PasswordHashing CHEAP = new PasswordHashing(1024, 1, 1);
    static final TenantId PROVIDER = TenantId.of("provider");
    static final TenantId DISTRICT = TenantId.of("district");
    static final TenantId H1 = TenantId.of("h1");
    static final TenantId H2 = TenantId.of("h2");
    static final TenantId OTHER = TenantId.of("other");
    static final String ROOT_PASSWORD = "correct horse battery staple";

    final Database db;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00.123456Z"));
    final IdentityService identity;
    final String rootToken;

    Fixture(Dialect dialect, Path dir) {
        this(dialect, dir, IdentityConfig.defaults().withHashing(CHEAP));
    }

    Fixture(Dialect dialect, Path dir, IdentityConfig config) {
        db = TestDatabases.open(dialect, dir);
        identity = IdentityService.create(db, config, clock);
        identity.bootstrapAdmin(PROVIDER, "root", ROOT_PASSWORD.toCharArray());
        rootToken = identity.login("root", ROOT_PASSWORD.toCharArray(), "10.0.0.1").token();
        identity.createTenant(root(), NewTenant.memberOf(PROVIDER, DISTRICT, "Bezirk Nord"));
        identity.createTenant(root(), NewTenant.memberOf(DISTRICT, H1, "Klinikum Eins"));
        identity.createTenant(root(), NewTenant.memberOf(DISTRICT, H2, "Klinikum Zwei"));
        identity.createTenant(root(), NewTenant.memberOf(PROVIDER, OTHER, "Other Hospital"));
    }

    /** The bootstrap administrator as of now (principals are snapshots taken when a request authenticates). */
    Principal root() {
        return identity.authenticate(rootToken)
                .orElseGet(() -> identity.login("root", ROOT_PASSWORD.toCharArray(), "10.0.0.1").principal());
    }

    /** Creates a user at home in {@code home} with one grant, and logs it in. */
    Principal user(String username, TenantId home, Grant grant) {
        User u = identity.createUser(root(), new NewUser(username, UserProfile.named(username), home),
                password(username));
        identity.grant(root(), u.id(), grant);
        return login(username);
    }

    Principal login(String username) {
        return identity.login(username, password(username), "10.0.0.2").principal();
    }

    static char[] password(String username) {
        return ("pass phrase of " + username).toCharArray();
    }

    @Override
    public void close() {
        db.close();
    }
}
