package org.medsoc.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medsoc.identity.internal.Argon2Hasher;
import org.medsoc.spi.error.MedsocException;

class PasswordTest {
    @Test
    void hashesAreArgon2idPhcStringsWithFreshSalts() {
        Argon2Hasher hasher = new Argon2Hasher(PasswordHashing.OWASP);
        char[] password = "Grüne Äpfel und 病历".toCharArray();
        String a = hasher.hash(password);
        String b = hasher.hash(password);
        assertThat(a).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(a).isNotEqualTo(b);
        assertThat(hasher.verify(password, a)).isTrue();
        assertThat(hasher.verify(password, b)).isTrue();
        assertThat(hasher.verify("Grüne Äpfel und 病例".toCharArray(), a)).isFalse();
        assertThat(hasher.needsRehash(a)).isFalse();
        assertThat(new Argon2Hasher(new PasswordHashing(19456, 3, 1)).needsRehash(a)).isTrue();
        assertThat(hasher.burn(password)).isFalse();
    }

    @Test
    void verifiesHashesMadeWithOtherParameters() {
        String cheap = new Argon2Hasher(new PasswordHashing(64, 1, 2)).hash("x".toCharArray());
        assertThat(new Argon2Hasher(PasswordHashing.OWASP).verify("x".toCharArray(), cheap)).isTrue();
    }

    @Test
    void rejectsCorruptHashesWithAPreciseError() {
        Argon2Hasher hasher = new Argon2Hasher(new PasswordHashing(64, 1, 1));
        for (String bad : new String[] {"", "$2a$10$abc", "$argon2id$v=19$m=64,t=1,p=1$abc",
                "$argon2id$v=19$m=64,t=1,p=1,q=2$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=x,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=64,t=1,p=1$!!!!$aGFzaGhhc2hoYXNoaGFzaA"}) {
            assertThatThrownBy(() -> hasher.verify("x".toCharArray(), bad))
                    .as(bad)
                    .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(IdentityErrorCode.CORRUPT_PASSWORD_HASH.toErrorCode()))
                    .hasMessageContaining("reset the user's password");
        }
    }

    @Test
    void thePolicyNamesEveryBrokenRule() {
        PasswordPolicy policy = new PasswordPolicy(12);
        assertThat(policy.problems("alice", "short".toCharArray())).containsExactly(
                "it must be at least 12 characters long (it has 5)");
        assertThat(policy.problems("alice.admin1", "Alice.Admin1".toCharArray()))
                .containsExactly("it must not be the username");
        assertThat(policy.problems("bob", "QwertyQwerty".toCharArray()))
                .containsExactly("it is one of the most common passwords");
        assertThat(policy.problems("bob", "qwerty".toCharArray())).hasSize(2);
        assertThat(policy.problems("bob", "            ".toCharArray())).containsExactly("it must not be only spaces");
        assertThat(policy.problems("bob", "病历病历病历病历病历病历".toCharArray())).isEmpty();
        assertThat(policy.problems("bob", "correct horse battery staple".toCharArray())).isEmpty();
        assertThatThrownBy(() -> policy.check("bob", "password".toCharArray()))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(IdentityErrorCode.WEAK_PASSWORD.toErrorCode()))
                .hasMessageContaining("at least 12").hasMessageContaining("most common");
    }

    @Test
    void configurationHasDefaultsAndReadsEveryKey() {
        IdentityConfig d = IdentityConfig.fromSettings(org.medsoc.common.Settings.empty());
        assertThat(d).isEqualTo(IdentityConfig.defaults());
        assertThat(d.hashing()).isEqualTo(new PasswordHashing(19456, 2, 1));
        IdentityConfig all = IdentityConfig.fromSettings(org.medsoc.common.Settings.of(java.util.Map.of(
                "identity.password.memory-kib", "65536",
                "identity.password.iterations", "3",
                "identity.password.parallelism", "2",
                "identity.password.min-length", "14",
                "identity.lockout.max-failures", "3",
                "identity.lockout.window", "5m",
                "identity.lockout.duration", "1h",
                "identity.session.idle-timeout", "10m",
                "identity.session.lifetime", "8h")));
        assertThat(all).isEqualTo(new IdentityConfig(new PasswordHashing(65536, 3, 2), 14, 3,
                java.time.Duration.ofMinutes(5), java.time.Duration.ofHours(1), java.time.Duration.ofMinutes(10),
                java.time.Duration.ofHours(8)));
        assertThatThrownBy(() -> IdentityConfig.fromSettings(org.medsoc.common.Settings.of(
                        java.util.Map.of("identity.password.iterations", "0"))))
                .hasMessageContaining("identity.password.iterations");
    }
}
