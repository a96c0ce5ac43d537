package org.medsoc.identity;

import org.medsoc.common.CommonErrorCode;
import org.medsoc.spi.error.MedsocException;

/**
 * Argon2id cost parameters. Stored hashes carry their own parameters (PHC string), so changing these only affects
 * new hashes; a login with an older hash rehashes it.
 *
 * @param memoryKib memory in KiB ({@code m})
 * @param iterations passes over memory ({@code t})
 * @param parallelism lanes ({@code p})
 */
public record PasswordHashing(int memoryKib, int iterations, int parallelism) {
    /** OWASP's first Argon2id recommendation: m=19 MiB, t=2, p=1. */
    public static final PasswordHashing OWASP = new PasswordHashing(19 * 1024, 2, 1);

    /** Checks the ranges. */
    public PasswordHashing {
        if (parallelism < 1 || parallelism > 16) {
            throw invalid("identity.password.parallelism must be 1 to 16, was " + parallelism);
        }
        if (memoryKib < 8 * parallelism || memoryKib > 4 * 1024 * 1024) {
            throw invalid("identity.password.memory-kib must be 8*parallelism to 4194304, was " + memoryKib);
        }
        if (iterations < 1 || iterations > 100) {
            throw invalid("identity.password.iterations must be 1 to 100, was " + iterations);
        }
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, message);
    }
}
