package org.medsoc.identity;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

/**
 * Settings of the identity module (keys under {@code identity.}).
 *
 * @param hashing Argon2id cost of new password hashes ({@code identity.password.memory-kib}, {@code
 *     .iterations}, {@code .parallelism})
 * @param minPasswordLength shortest accepted password ({@code identity.password.min-length})
 * @param maxLoginFailures failed logins within {@code failureWindow} that lock the account ({@code
 *     identity.lockout.max-failures})
 * @param failureWindow how far back failures count ({@code identity.lockout.window})
 * @param lockoutDuration how long an automatic lock lasts ({@code identity.lockout.duration})
 * @param sessionIdleTimeout a session unused this long ends ({@code identity.session.idle-timeout})
 * @param sessionLifetime a session ends this long after login whatever its use ({@code identity.session.lifetime})
 */
public record IdentityConfig(
        PasswordHashing hashing,
        int minPasswordLength,
        int maxLoginFailures,
        Duration failureWindow,
        Duration lockoutDuration,
        Duration sessionIdleTimeout,
        Duration sessionLifetime) {

    /** Checks the values. */
    public IdentityConfig {
        requireNonNull(hashing, "hashing is null");
        requireNonNull(failureWindow, "failureWindow is null");
        requireNonNull(lockoutDuration, "lockoutDuration is null");
        requireNonNull(sessionIdleTimeout, "sessionIdleTimeout is null");
        requireNonNull(sessionLifetime, "sessionLifetime is null");
        if (minPasswordLength < 8 || minPasswordLength > 128) {
            throw invalid("identity.password.min-length must be 8 to 128, was " + minPasswordLength);
        }
        if (maxLoginFailures < 1) {
            throw invalid("identity.lockout.max-failures must be at least 1, was " + maxLoginFailures);
        }
        positive("identity.lockout.window", failureWindow);
        positive("identity.lockout.duration", lockoutDuration);
        positive("identity.session.idle-timeout", sessionIdleTimeout);
        positive("identity.session.lifetime", sessionLifetime);
    }

    /** The defaults: OWASP Argon2id, 12 characters, 5 failures in 15 minutes lock for 15 minutes, 30 min idle, 12 h. */
    public static IdentityConfig defaults() {
        return new IdentityConfig(PasswordHashing.OWASP, 12, 5, Duration.ofMinutes(15), Duration.ofMinutes(15),
                Duration.ofMinutes(30), Duration.ofHours(12));
    }

    /** Reads the {@code identity.*} keys; absent keys keep their defaults. */
    public static IdentityConfig fromSettings(Settings settings) {
        IdentityConfig d = defaults();
        return new IdentityConfig(
                new PasswordHashing(
                        settings.integer("identity.password.memory-kib", d.hashing.memoryKib()),
                        settings.integer("identity.password.iterations", d.hashing.iterations()),
                        settings.integer("identity.password.parallelism", d.hashing.parallelism())),
                settings.integer("identity.password.min-length", d.minPasswordLength),
                settings.integer("identity.lockout.max-failures", d.maxLoginFailures),
                settings.duration("identity.lockout.window", d.failureWindow),
                settings.duration("identity.lockout.duration", d.lockoutDuration),
                settings.duration("identity.session.idle-timeout", d.sessionIdleTimeout),
                settings.duration("identity.session.lifetime", d.sessionLifetime));
    }

    /** This configuration with other hashing parameters. */
    public IdentityConfig withHashing(PasswordHashing value) {
        return new IdentityConfig(value, minPasswordLength, maxLoginFailures, failureWindow, lockoutDuration,
                sessionIdleTimeout, sessionLifetime);
    }

    /** This configuration with another lockout rule. */
    public IdentityConfig withLockout(int maxFailures, Duration window, Duration duration) {
        return new IdentityConfig(hashing, minPasswordLength, maxFailures, window, duration, sessionIdleTimeout,
                sessionLifetime);
    }

    /** This configuration with other session limits. */
    public IdentityConfig withSessions(Duration idleTimeout, Duration lifetime) {
        return new IdentityConfig(hashing, minPasswordLength, maxLoginFailures, failureWindow, lockoutDuration,
                idleTimeout, lifetime);
    }

    private static void positive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw invalid(key + " must be positive, was " + d);
        }
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(CommonErrorCode.INVALID_CONFIGURATION, message);
    }
}
