package org.medsoc.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsoc.identity.Fixture.H1;
import static org.medsoc.identity.Fixture.H2;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Dialect;
import org.medsoc.spi.error.MedsocException;

class ApiTokenTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aScopedTokenActsAsItsOwnerNarrowedToTheScope(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Principal ana = f.user("ana", H1, new Grant(H1, Role.ANALYST));
            IssuedApiToken shipper = f.identity.createApiToken(ana,
                    new NewApiToken("alerts export", Set.of(Permission.ALERTS_READ), Optional.empty()));
            assertThat(shipper.token()).startsWith("msa_" + shipper.info().id() + "_");
            Principal viaToken = f.identity.authenticate(shipper.token()).orElseThrow();
            assertThat(viaToken.method()).isEqualTo(AuthenticationMethod.API_TOKEN);
            assertThat(viaToken.userId()).isEqualTo(ana.userId());
            assertThat(viaToken.can(Permission.ALERTS_READ, H1)).isTrue();
            assertThat(viaToken.can(Permission.INCIDENTS_WRITE, H1)).isFalse();
            assertThat(viaToken.can(Permission.ALERTS_READ, H2)).isFalse();
            assertThat(f.identity.listApiTokens(ana, ana.userId()).getFirst().lastUsedAt()).isPresent();

            IssuedApiToken full = f.identity.createApiToken(ana, new NewApiToken("cli", Set.of(), Optional.empty()));
            assertThat(f.identity.authenticate(full.token()).orElseThrow().permissions()).isEqualTo(ana.permissions());

            // a scope beyond the owner's permissions is refused; tokens cannot mint tokens
            assertThatThrownBy(() -> f.identity.createApiToken(ana,
                            new NewApiToken("too much", Set.of(Permission.USERS_ADMIN), Optional.empty())))
                    .hasMessageContaining("USERS_ADMIN");
            assertThatThrownBy(() -> f.identity.createApiToken(viaToken,
                            new NewApiToken("child", Set.of(), Optional.empty())))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(IdentityErrorCode.PERMISSION_DENIED.toErrorCode()));
            // a token never gives more than the owner holds now
            f.identity.revoke(f.root(), ana.userId(), new Grant(H1, Role.ANALYST));
            assertThat(f.identity.authenticate(shipper.token()).orElseThrow().tenants()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tokensStopWorkingWhenExpiredRevokedOrTheOwnerIsDisabled(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Principal ana = f.user("ana", H1, new Grant(H1, Role.ANALYST));
            IssuedApiToken expiring = f.identity.createApiToken(ana, new NewApiToken("day",
                    Set.of(), Optional.of(f.clock.instant().plus(Duration.ofDays(1)))));
            IssuedApiToken revoked = f.identity.createApiToken(ana, new NewApiToken("rev", Set.of(), Optional.empty()));
            IssuedApiToken kept = f.identity.createApiToken(ana, new NewApiToken("kept", Set.of(), Optional.empty()));
            assertThatThrownBy(() -> f.identity.createApiToken(ana, new NewApiToken("kept", Set.of(), Optional.empty())))
                    .hasMessageContaining("already exists");
            assertThat(f.identity.authenticate(expiring.token())).isPresent();
            f.identity.revokeApiToken(ana, revoked.info().id());
            assertThat(f.identity.authenticate(revoked.token())).isEmpty();
            f.clock.advance(Duration.ofDays(1));
            assertThat(f.identity.authenticate(expiring.token())).isEmpty();
            assertThat(f.identity.authenticate(kept.token())).isPresent();
            // a wrong secret with a right id, and garbage, fail
            String forged = kept.token().substring(0, kept.token().length() - 2) + "xx";
            assertThat(f.identity.authenticate(forged)).isEmpty();
            assertThat(f.identity.authenticate("msa_")).isEmpty();
            assertThat(f.identity.authenticate("msa_0123456789ab_")).isEmpty();
            // another hospital's admin cannot see or revoke it; the home admin can
            Principal otherAdmin = f.user("oadm", H2, new Grant(H2, Role.ADMIN));
            assertThatThrownBy(() -> f.identity.revokeApiToken(otherAdmin, kept.info().id()))
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(IdentityErrorCode.NOT_FOUND.toErrorCode()));
            Principal provider = f.identity.bootstrapPrincipal(Fixture.PROVIDER);
            f.identity.setStatus(provider, ana.userId(), UserStatus.DISABLED);
            assertThat(f.identity.authenticate(kept.token())).isEmpty();
            assertThat(f.identity.listApiTokens(provider, ana.userId()))
                    .allSatisfy(t -> assertThat(t.revokedAt()).isPresent());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void noPasswordOrTokenIsStoredInPlainText(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, dir)) {
            Principal ana = f.user("ana", H1, new Grant(H1, Role.ANALYST));
            LoginResult login = f.identity.login("ana", Fixture.password("ana"), "a");
            IssuedApiToken token = f.identity.createApiToken(login.principal(),
                    new NewApiToken("scan", Set.of(), Optional.empty()));
            // msa_<hex id>_<secret>: the secret is URL-safe Base64 and may itself contain '_'
            String secret = token.token().substring(token.token().indexOf('_', "msa_".length()) + 1);
            List<String> needles = List.of(new String(Fixture.password("ana")), Fixture.ROOT_PASSWORD,
                    login.token(), login.token().substring(4), token.token(), secret);
            List<String> cells = new ArrayList<>();
            f.db.jdbi().useHandle(h -> {
                List<String> tables = h.createQuery("SELECT table_name FROM information_schema.tables "
                                + "WHERE LOWER(table_name) LIKE 'identity%'")
                        .mapTo(String.class)
                        .list();
                assertThat(tables).hasSize(6);
                for (String table : tables) {
                    h.createQuery("SELECT * FROM " + table).map((rs, ctx) -> {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            cells.add(String.valueOf(rs.getObject(i)));
                        }
                        return 0;
                    }).list();
                }
            });
            assertThat(cells).hasSizeGreaterThan(50);
            for (String cell : cells) {
                for (String needle : needles) {
                    assertThat(cell.toLowerCase(Locale.ROOT)).doesNotContain(needle.toLowerCase(Locale.ROOT));
                }
            }
            assertThat(ana.toString()).doesNotContain("pass");
            assertThat(login.toString()).doesNotContain(login.token());
            assertThat(token.toString()).doesNotContain(secret);
        }
    }
}
