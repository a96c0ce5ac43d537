package org.medsoc.database;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.medsoc.common.CommonErrorCode;
import org.medsoc.common.Settings;
import org.medsoc.spi.error.MedsocException;

/**
 * Where the relational store lives and how many connections it may hold.
 *
 * @param url JDBC URL: {@code jdbc:h2:file:...} or {@code jdbc:postgresql://host/db}
 * @param user database user
 * @param password database password (never logged)
 * @param maxPoolSize the most connections held open
 */
public record DatabaseConfig(String url, String user, String password, int maxPoolSize) {
    /** H2 options that make H2 accept and answer the SQL PostgreSQL does, for the subset medsoc uses. */
    public static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    /** Validates the values. */
    public DatabaseConfig {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        Dialect.ofUrl(url);
        if (maxPoolSize < 1) {
            throw new MedsocException(CommonErrorCode.INVALID_CONFIGURATION,
                    "db.pool.max-size must be at least 1, was " + maxPoolSize);
        }
    }

    /** The embedded default: an H2 file database {@code medsoc} inside the data directory. */
    public static DatabaseConfig embedded(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("db").resolve("medsoc");
        return new DatabaseConfig("jdbc:h2:file:" + file + H2_OPTIONS, "medsoc", "", 8);
    }

    /**
     * Reads {@code db.url}, {@code db.user}, {@code db.password}, {@code db.pool.max-size}; without {@code db.url}
     * the embedded H2 file database in the data directory is used.
     */
    public static DatabaseConfig fromSettings(Settings settings, Path dataDir) {
        DatabaseConfig embedded = embedded(dataDir);
        String url = settings.string("db.url", embedded.url());
        if (Dialect.ofUrl(url) == Dialect.H2 && !url.toUpperCase(java.util.Locale.ROOT).contains("MODE=")) {
            url = url + H2_OPTIONS;
        }
        return new DatabaseConfig(url, settings.string("db.user", embedded.user()),
                settings.string("db.password", embedded.password()),
                settings.integer("db.pool.max-size", embedded.maxPoolSize()));
    }

    /** The dialect of {@link #url()}. */
    public Dialect dialect() {
        return Dialect.ofUrl(url);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=***, maxPoolSize=" + maxPoolSize + "]";
    }
}
