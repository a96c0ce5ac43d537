package org.medsoc.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsoc.identity.Fixture.DISTRICT;
import static org.medsoc.identity.Fixture.H1;
import static org.medsoc.identity.Fixture.H2;
import static org.medsoc.identity.Fixture.OTHER;
import static org.medsoc.identity.Fixture.PROVIDER;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

class TenancyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyRoleGivesExactlyItsPermissionsOnOwnTenantAndDistrictMembersAndNothingElsewhere(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            for (Role role : Role.values()) {
                String name = role.name().toLowerCase(Locale.ROOT);
                Principal hospital = f.user(name + ".h1", H1, new Grant(H1, role));
                Principal district = f.user(name + ".district", DISTRICT, new Grant(DISTRICT, role));
                for (Permission p : Permission.values()) {
                    boolean expected = role.permissions().contains(p);
                    // own hospital
                    assertThat(hospital.can(p, H1)).as("%s %s on own tenant", role, p).isEqualTo(expected);
                    // sibling hospital, parent district, other hospital, provider, unknown tenant
                    for (TenantId t : List.of(H2, DISTRICT, OTHER, PROVIDER, TenantId.of("nowhere"))) {
                        assertThat(hospital.can(p, t)).as("%s %s on %s", role, p, t).isFalse();
                    }
                    // district grant covers its members, not its parent or siblings
                    for (TenantId t : List.of(DISTRICT, H1, H2)) {
                        assertThat(district.can(p, t)).as("district %s %s on %s", role, p, t).isEqualTo(expected);
                    }
                    for (TenantId t : List.of(OTHER, PROVIDER)) {
                        assertThat(district.can(p, t)).as("district %s %s on %s", role, p, t).isFalse();
                    }
                    assertThat(district.tenants(p)).isEqualTo(expected ? Set.of(DISTRICT, H1, H2) : Set.of());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anUnknownTenantAndAnUngrantedTenantAreDeniedAlike(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Principal analyst = f.user("ana", H1, new Grant(H1, Role.ANALYST));
            MedsocException ungranted = denial(() -> analyst.require(Permission.INCIDENTS_READ, TenantId.of("h2")));
            MedsocException unknown = denial(() -> analyst.require(Permission.INCIDENTS_READ, TenantId.of("h9")));
            assertThat(ungranted.errorCode()).isEqualTo(IdentityErrorCode.PERMISSION_DENIED.toErrorCode());
            assertThat(unknown.errorCode()).isEqualTo(ungranted.errorCode());
            assertThat(unknown.getMessage().replace("h9", "h2")).isEqualTo(ungranted.getMessage());
            // tenant administration: same answer for unknown and not administered
            Principal admin = f.user("adm", H1, new Grant(H1, Role.ADMIN));
            MedsocException a = denial(() -> f.identity.renameTenant(admin, TenantId.of("h2"), "x"));
            MedsocException b = denial(() -> f.identity.renameTenant(admin, TenantId.of("h9"), "x"));
            assertThat(b.getMessage().replace("h9", "h2")).isEqualTo(a.getMessage());
            assertThat(f.identity.findTenant(admin, H2)).isEmpty();
            assertThat(f.identity.findTenant(admin, TenantId.of("h9"))).isEmpty();
            assertThat(f.identity.findTenant(admin, H1)).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tenantsFormAHierarchyAdministeredFromAbove(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            assertThat(f.identity.listTenants(f.root()))
                    .extracting(Tenant::id)
                    .containsExactly(DISTRICT, H1, H2, OTHER, PROVIDER);
            Tenant h1 = f.identity.findTenant(f.root(), H1).orElseThrow();
            assertThat(h1.parent()).contains(DISTRICT);
            assertThat(h1.name()).isEqualTo("Klinikum Eins");
            assertThat(h1.createdAt()).isEqualTo(f.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));

            Principal districtAdmin = f.user("dadm", DISTRICT, new Grant(DISTRICT, Role.ADMIN));
            assertThat(f.identity.listTenants(districtAdmin)).extracting(Tenant::id).containsExactly(DISTRICT, H1, H2);
            Tenant h3 = f.identity.createTenant(districtAdmin, NewTenant.memberOf(DISTRICT, TenantId.of("h3"), "Drei"));
            assertThat(h3.status()).isEqualTo(TenantStatus.ACTIVE);
            assertThat(f.identity.renameTenant(districtAdmin, H1, "Klinikum 1").name()).isEqualTo("Klinikum 1");
            // a district admin may neither create top-level tenants nor tenants elsewhere
            denial(() -> f.identity.createTenant(districtAdmin, NewTenant.topLevel(TenantId.of("x"), "X")));
            denial(() -> f.identity.createTenant(districtAdmin, NewTenant.memberOf(OTHER, TenantId.of("y"), "Y")));
            // nor disable its own district (that is for the provider)
            denial(() -> f.identity.disableTenant(districtAdmin, DISTRICT));
            // a hospital admin may rename its hospital but not disable it
            Principal h1Admin = f.user("h1adm", H1, new Grant(H1, Role.ADMIN));
            f.identity.renameTenant(h1Admin, H1, "Klinikum Eins");
            denial(() -> f.identity.disableTenant(h1Admin, H1));

            assertThatThrownBy(() -> f.identity.createTenant(f.root(), NewTenant.memberOf(PROVIDER, H1, "again")))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(DatabaseErrorCode.DUPLICATE_KEY.toErrorCode()));
            Tenant top = f.identity.createTenant(f.root(), NewTenant.topLevel(TenantId.of("second"), "Second SOC"));
            assertThat(top.parent()).isEmpty();
            assertThat(f.root().can(Permission.USERS_ADMIN, top.id())).as("creator administers it").isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aDisabledTenantGivesNoPermissionsUntilEnabled(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            String token = f.identity.login("root", Fixture.ROOT_PASSWORD.toCharArray(), "a").token();
            f.user("viewer", H1, new Grant(DISTRICT, Role.TENANT_VIEWER));
            String viewerToken = f.identity.login("viewer", Fixture.password("viewer"), "a").token();
            assertThat(f.identity.authenticate(viewerToken).orElseThrow().tenants(Permission.ALERTS_READ))
                    .containsExactlyInAnyOrder(DISTRICT, H1, H2);
            assertThat(f.identity.disableTenant(f.root(), H1).status()).isEqualTo(TenantStatus.DISABLED);
            assertThat(f.identity.authenticate(viewerToken).orElseThrow().tenants(Permission.ALERTS_READ))
                    .containsExactlyInAnyOrder(DISTRICT, H2);
            f.identity.disableTenant(f.root(), DISTRICT);
            assertThat(f.identity.authenticate(viewerToken).orElseThrow().tenants()).isEmpty();
            // the provider admin still sees and administers the disabled tenants
            assertThat(f.identity.findTenant(f.identity.authenticate(token).orElseThrow(), H1)).isPresent();
            f.identity.enableTenant(f.root(), DISTRICT);
            f.identity.enableTenant(f.root(), H1);
            assertThat(f.identity.authenticate(viewerToken).orElseThrow().tenants(Permission.ALERTS_READ))
                    .containsExactlyInAnyOrder(DISTRICT, H1, H2);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void offboardingRemovesAccessAndNamesTheTenantToWipe(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            f.user("local", H2, new Grant(H2, Role.ANALYST));
            f.user("roaming", H1, new Grant(H2, Role.ANALYST));
            String localToken = f.identity.login("local", Fixture.password("local"), "a").token();
            assertThatThrownBy(() -> f.identity.offboardTenant(f.root(), DISTRICT))
                    .hasMessageContaining("still has members");
            OffboardedTenant result = f.identity.offboardTenant(f.root(), H2);
            assertThat(result.tenant()).isEqualTo(H2);
            assertThat(result.removedGrants()).isEqualTo(2);
            assertThat(result.disabledUsers()).hasSize(1);
            assertThat(f.identity.authenticate(localToken)).isEmpty();
            assertThat(f.login("roaming").tenants()).isEmpty();
            assertThat(f.identity.findTenant(f.root(), H2).orElseThrow().status()).isEqualTo(TenantStatus.OFFBOARDED);
            assertThatThrownBy(() -> f.identity.enableTenant(f.root(), H2)).hasMessageContaining("final");
            assertThatThrownBy(() -> f.identity.login("local", Fixture.password("local"), "a"))
                    .hasMessage("invalid username or password");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theBootstrapTokenActsAsAdminOfTheDefaultTenantAndItsMembers(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Principal boot = f.identity.bootstrapPrincipal(PROVIDER);
            assertThat(boot.method()).isEqualTo(AuthenticationMethod.BOOTSTRAP);
            assertThat(boot.tenants(Permission.USERS_ADMIN)).containsExactlyInAnyOrder(PROVIDER, DISTRICT, H1, H2,
                    OTHER);
            assertThat(Principal.bootstrap(H1).tenants(Permission.AUDIT_READ)).containsExactly(H1);
            assertThat(EnumSet.copyOf(Principal.bootstrap(H1).anyPermissions())).isEqualTo(EnumSet.allOf(Permission.class));
            // idempotent bootstrap: neither a second user nor a password change
            assertThat(f.identity.bootstrapAdmin(PROVIDER, "root", "another long passphrase".toCharArray())).isFalse();
            assertThat(f.identity.login("root", Fixture.ROOT_PASSWORD.toCharArray(), "a").principal().username())
                    .isEqualTo("root");
            assertThat(f.identity.listUsers(f.root(), PROVIDER)).hasSize(1);
        }
    }

    private static MedsocException denial(Runnable r) {
        try {
            r.run();
        } catch (MedsocException e) {
            assertThat(e.errorCode()).isEqualTo(IdentityErrorCode.PERMISSION_DENIED.toErrorCode());
            return e;
        }
        throw new AssertionError("expected PERMISSION_DENIED");
    }
}
