package org.medsoc.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsoc.identity.Fixture.H1;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;

class LoginTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void unknownUserWrongPasswordLockedAndDisabledFailAlike(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            f.user("nurse", H1, new Grant(H1, Role.TENANT_VIEWER));
            f.user("gone", H1, new Grant(H1, Role.TENANT_VIEWER));
            f.identity.setStatus(f.root(), f.login("gone").userId(), UserStatus.DISABLED);
            List<MedsocException> failures = new ArrayList<>();
            failures.add(failure(f, "nobody", "pass phrase of nobody"));
            failures.add(failure(f, "nurse", "wrong pass phrase!"));
            failures.add(failure(f, "gone", "pass phrase of gone"));
            for (MedsocException e : failures) {
                assertThat(e.errorCode()).isEqualTo(IdentityErrorCode.UNAUTHENTICATED.toErrorCode());
                assertThat(e.getMessage()).isEqualTo("invalid username or password");
            }
            assertThat(f.identity.login("NURSE", Fixture.password("nurse"), "a").principal().username())
                    .as("usernames are case-insensitive")
                    .isEqualTo("nurse");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void fiveFailuresWithinTheWindowLockTheAccountForTheLockoutDuration(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            f.user("doc", H1, new Grant(H1, Role.ANALYST));
            String before = f.identity.login("doc", Fixture.password("doc"), "a").token();
            // four failures, spread, then one outside the window does not lock
            for (int i = 0; i < 4; i++) {
                failure(f, "doc", "wrong pass phrase " + i);
                f.clock.advance(Duration.ofMinutes(4));
            }
            failure(f, "doc", "wrong again, but the first failure is older than 15 minutes");
            assertThat(f.identity.login("doc", Fixture.password("doc"), "a")).isNotNull();
            // success resets the count; five quick failures lock
            for (int i = 0; i < 5; i++) {
                failure(f, "doc", "wrong pass phrase " + i);
            }
            User locked = f.identity.findUserByUsername(f.root(), "doc").orElseThrow();
            assertThat(locked.status()).isEqualTo(UserStatus.LOCKED);
            assertThat(locked.lockedUntil()).contains(f.clock.instant().plus(Duration.ofMinutes(15))
                    .truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            // the right password does not help while locked, and the answer does not say why
            assertThat(failure(f, "doc", new String(Fixture.password("doc"))).getMessage())
                    .isEqualTo("invalid username or password");
            // an automatic lock does not end existing sessions
            assertThat(f.identity.authenticate(before)).isPresent();
            f.clock.advance(Duration.ofMinutes(14));
            failure(f, "doc", new String(Fixture.password("doc")));
            f.clock.advance(Duration.ofMinutes(1));
            assertThat(f.identity.login("doc", Fixture.password("doc"), "a").principal().username()).isEqualTo("doc");
            assertThat(f.identity.findUserByUsername(f.root(), "doc").orElseThrow().status())
                    .isEqualTo(UserStatus.ACTIVE);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theLockoutRuleIsConfigurable(Dialect dialect) {
        IdentityConfig config = IdentityConfig.defaults()
                .withHashing(Fixture.CHEAP)
                .withLockout(2, Duration.ofMinutes(1), Duration.ofHours(1));
        try (Fixture f = new Fixture(dialect, dir, config)) {
            f.user("doc", H1, new Grant(H1, Role.ANALYST));
            failure(f, "doc", "wrong pass phrase 1");
            f.clock.advance(Duration.ofMinutes(2));
            failure(f, "doc", "wrong pass phrase 2");
            assertThat(f.login("doc")).isNotNull();
            failure(f, "doc", "wrong pass phrase 3");
            failure(f, "doc", "wrong pass phrase 4");
            f.clock.advance(Duration.ofMinutes(59));
            failure(f, "doc", new String(Fixture.password("doc")));
            f.clock.advance(Duration.ofMinutes(1));
            assertThat(f.login("doc")).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anAdministratorsLockLastsUntilUnlockedAndEndsSessions(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Principal doc = f.user("doc", H1, new Grant(H1, Role.ANALYST));
            String token = f.identity.login("doc", Fixture.password("doc"), "a").token();
            f.identity.setStatus(f.root(), doc.userId(), UserStatus.LOCKED);
            assertThat(f.identity.authenticate(token)).isEmpty();
            f.clock.advance(Duration.ofDays(3));
            failure(f, "doc", new String(Fixture.password("doc")));
            f.identity.setStatus(f.identity.bootstrapPrincipal(Fixture.PROVIDER), doc.userId(), UserStatus.ACTIVE);
            assertThat(f.login("doc").userId()).isEqualTo(doc.userId());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void sessionsEndWhenIdleAfterTheirLifetimeAndOnLogout(Dialect dialect) {
        IdentityConfig config = IdentityConfig.defaults()
                .withHashing(Fixture.CHEAP)
                .withSessions(Duration.ofMinutes(30), Duration.ofHours(2));
        try (Fixture f = new Fixture(dialect, dir, config)) {
            f.user("doc", H1, new Grant(H1, Role.ANALYST));
            LoginResult idle = f.identity.login("doc", Fixture.password("doc"), "192.0.2.7");
            LoginResult busy = f.identity.login("doc", Fixture.password("doc"), "192.0.2.8");
            LoginResult quitter = f.identity.login("doc", Fixture.password("doc"), "192.0.2.9");
            assertThat(idle.token()).startsWith("mss_").isNotEqualTo(busy.token());
            assertThat(idle.session().clientAddress()).isEqualTo("192.0.2.7");
            f.identity.logout(quitter.token());
            assertThat(f.identity.authenticate(quitter.token())).isEmpty();
            assertThat(f.identity.listSessions(busy.principal(), busy.principal().userId()))
                    .extracting(Session::clientAddress)
                    .containsExactlyInAnyOrder("10.0.0.2", "192.0.2.7", "192.0.2.8");
            for (int i = 0; i < 7; i++) {
                f.clock.advance(Duration.ofMinutes(17));
                assertThat(f.identity.authenticate(busy.token())).as("used every 17 min, %d", i).isPresent();
            }
            assertThat(f.identity.authenticate(idle.token())).isEmpty();
            f.clock.advance(Duration.ofMinutes(2));
            assertThat(f.identity.authenticate(busy.token())).as("after the 2 h lifetime").isEmpty();
            assertThat(f.identity.authenticate("mss_forged")).isEmpty();
            assertThat(f.identity.authenticate("Bearer something else")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void loginRehashesAPasswordHashedWithOlderParameters(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            f.user("doc", H1, new Grant(H1, Role.ANALYST));
            assertThat(storedHash(f, "doc")).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
            IdentityService stronger = IdentityService.create(f.db,
                    IdentityConfig.defaults().withHashing(new PasswordHashing(2048, 2, 1)), f.clock);
            String old = storedHash(f, "doc");
            assertThat(stronger.login("doc", Fixture.password("doc"), "a")).isNotNull();
            assertThat(storedHash(f, "doc")).startsWith("$argon2id$v=19$m=2048,t=2,p=1$").isNotEqualTo(old);
            String rehashed = storedHash(f, "doc");
            assertThat(stronger.login("doc", Fixture.password("doc"), "a")).isNotNull();
            assertThat(storedHash(f, "doc")).as("no rehash when current").isEqualTo(rehashed);
            assertThat(f.identity.login("doc", Fixture.password("doc"), "a")).as("old service verifies too").isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void passwordsAreCheckedAgainstThePolicyAndCanBeChanged(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            assertThatThrownBy(() -> f.identity.createUser(f.root(),
                            new NewUser("weak", UserProfile.named("Weak"), H1), "password1234".toCharArray()))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(IdentityErrorCode.WEAK_PASSWORD.toErrorCode()))
                    .hasMessageContaining("most common");
            Principal doc = f.user("doc", H1, new Grant(H1, Role.ANALYST));
            Principal session = f.identity.authenticate(f.identity.login("doc", Fixture.password("doc"), "a").token())
                    .orElseThrow();
            assertThatThrownBy(() -> f.identity.changeOwnPassword(session, "not it at all".toCharArray(),
                            "a brand new pass phrase".toCharArray()))
                    .hasMessageContaining("current password is wrong");
            f.identity.changeOwnPassword(session, Fixture.password("doc"), "a brand new pass phrase".toCharArray());
            failure(f, "doc", new String(Fixture.password("doc")));
            assertThat(f.identity.login("doc", "a brand new pass phrase".toCharArray(), "a").principal().userId())
                    .isEqualTo(doc.userId());
            f.identity.resetPassword(f.root(), doc.userId(), "reset by the administrator".toCharArray());
            assertThat(f.identity.login("doc", "reset by the administrator".toCharArray(), "a")).isNotNull();
        }
    }

    static String storedHash(Fixture f, String username) {
        return f.db.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM identity_user WHERE username = :u")
                .bind("u", username)
                .mapTo(String.class)
                .one());
    }

    static MedsocException failure(Fixture f, String username, String password) {
        try {
            f.identity.login(username, password.toCharArray(), "203.0.113.9");
        } catch (MedsocException e) {
            return e;
        }
        throw new AssertionError("login of " + username + " should have failed");
    }

}
