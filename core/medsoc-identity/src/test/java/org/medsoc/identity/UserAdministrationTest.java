package org.medsoc.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsoc.identity.Fixture.DISTRICT;
import static org.medsoc.identity.Fixture.H1;
import static org.medsoc.identity.Fixture.H2;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;

class UserAdministrationTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aUserMayHoldRolesInSeveralHospitals(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Principal ana = f.user("ana", DISTRICT, new Grant(H1, Role.ANALYST));
            User updated = f.identity.grant(f.root(), ana.userId(), new Grant(H2, Role.AUDITOR));
            assertThat(updated.grants()).containsExactly(new Grant(H1, Role.ANALYST), new Grant(H2, Role.AUDITOR));
            Principal now = f.login("ana");
            assertThat(now.can(Permission.INCIDENTS_WRITE, H1)).isTrue();
            assertThat(now.can(Permission.INCIDENTS_WRITE, H2)).isFalse();
            assertThat(now.can(Permission.AUDIT_READ, H2)).isTrue();
            assertThat(f.identity.grant(f.root(), ana.userId(), new Grant(H2, Role.AUDITOR)).grants()).hasSize(2);
            assertThat(f.identity.listUsers(f.root(), H2)).extracting(User::username).containsExactly("ana");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void hospitalAdminsSeeAndManageOnlyTheirOwnUsers(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Principal h1Admin = f.user("adm1", H1, new Grant(H1, Role.ADMIN));
            Principal h2Admin = f.user("adm2", H2, new Grant(H2, Role.ADMIN));
            User nurse = f.identity.createUser(h1Admin, new NewUser("Nurse.Joy", new UserProfile("Joy",
                    Optional.of("joy@klinikum.example"), Optional.of("+49 30 1234")), H1),
                    "a long enough pass phrase".toCharArray());
            assertThat(nurse.username()).isEqualTo("nurse.joy");
            f.identity.grant(h1Admin, nurse.id(), new Grant(H1, Role.TENANT_VIEWER));
            assertThat(f.identity.findUser(h2Admin, nurse.id())).isEmpty();
            assertThatThrownBy(() -> f.identity.setStatus(h2Admin, nurse.id(), UserStatus.DISABLED))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(IdentityErrorCode.NOT_FOUND.toErrorCode()));
            assertThatThrownBy(() -> f.identity.createUser(h2Admin, new NewUser("x", UserProfile.named("X"), H1),
                            "a long enough pass phrase".toCharArray()))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(IdentityErrorCode.PERMISSION_DENIED.toErrorCode()));
            // no escalation: the h1 admin cannot grant its user anything on h2
            assertThatThrownBy(() -> f.identity.grant(h1Admin, nurse.id(), new Grant(H2, Role.ADMIN)))
                    .isInstanceOf(MedsocException.class);
            // an analyst granted on h2 is visible to the h2 admin, but only with its h2 grants
            User ana = f.identity.createUser(f.root(), new NewUser("ana", UserProfile.named("Ana"), DISTRICT),
                    "a long enough pass phrase".toCharArray());
            f.identity.grant(f.root(), ana.id(), new Grant(H1, Role.ANALYST));
            f.identity.grant(f.root(), ana.id(), new Grant(H2, Role.ANALYST));
            assertThat(f.identity.findUser(h2Admin, ana.id()).orElseThrow().grants())
                    .containsExactly(new Grant(H2, Role.ANALYST));
            assertThat(f.identity.updateProfile(h1Admin, nurse.id(), UserProfile.named("Joy B.")).displayName())
                    .isEqualTo("Joy B.");
            assertThatThrownBy(() -> f.identity.createUser(h1Admin, new NewUser("NURSE.JOY", UserProfile.named("J"), H1),
                            "a long enough pass phrase".toCharArray()))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(DatabaseErrorCode.DUPLICATE_KEY.toErrorCode()));
            assertThatThrownBy(() -> f.identity.createUser(h1Admin, new NewUser("bad name", UserProfile.named("J"), H1),
                            "a long enough pass phrase".toCharArray()))
                    .hasMessageContaining("username may hold only");
        }
    }
}
