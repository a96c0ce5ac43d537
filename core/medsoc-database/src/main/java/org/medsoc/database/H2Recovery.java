package org.medsoc.database;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.medsoc.spi.error.MedsocException;

/**
 * Makes an embedded H2 file database safe to reopen after the process was killed.
 *
 * <p>H2 2.x can leave a row that an unfinished transaction had locked at the moment of a crash locked for good (the
 * next {@code SELECT … FOR UPDATE} or {@code UPDATE} of it spins forever; seen on the audit log's head row after a
 * SIGKILL during ingest). Plain reads still see the committed data. So every open leaves a marker file beside the
 * database that a clean {@link Database#close()} removes; when an open finds the marker, the last run did not end
 * cleanly and the database is rebuilt from its committed contents ({@code SCRIPT TO}, then {@code RUNSCRIPT} into a
 * fresh file) before anyone uses it. The previous file is kept as {@code <name>.mv.db.unclean} for inspection.
 * Databases opened with {@code AUTO_SERVER=TRUE} (several processes on one file) are left alone.
 */
final class H2Recovery {
    private static final System.Logger LOG = System.getLogger(H2Recovery.class.getName());
    private static final String PREFIX = "jdbc:h2:file:";

    private H2Recovery() {}

    /** The database file's base path (without {@code .mv.db}) of an H2 file URL, if it is one. */
    static Optional<Path> basePath(String url) {
        // AUTO_SERVER: several processes share the file on purpose; the marker cannot tell a crash from a sibling
        if (!url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                || url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE")) {
            return Optional.empty();
        }
        String rest = url.substring(PREFIX.length());
        int semicolon = rest.indexOf(';');
        return Optional.of(Path.of(semicolon < 0 ? rest : rest.substring(0, semicolon)));
    }

    static Path marker(Path base) {
        return base.resolveSibling(base.getFileName() + ".open");
    }

    /** Rebuilds the database when the last process did not close it, then marks it open. */
    static void beforeOpen(DatabaseConfig config) {
        Optional<Path> base = basePath(config.url());
        if (base.isEmpty()) {
            return;
        }
        Path file = base.get().resolveSibling(base.get().getFileName() + ".mv.db");
        Path marker = marker(base.get());
        try {
            Files.createDirectories(base.get().toAbsolutePath().getParent());
            if (Files.exists(marker) && Files.exists(file)) {
                rebuild(config, base.get(), file);
            }
            Files.writeString(marker, "opened by pid " + ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new MedsocException(DatabaseErrorCode.DATABASE_UNAVAILABLE,
                    "cannot prepare the embedded database at " + file + ": " + e, e);
        }
    }

    /** Marks the database closed cleanly. */
    static void afterClose(DatabaseConfig config) {
        basePath(config.url()).ifPresent(base -> {
            try {
                Files.deleteIfExists(marker(base));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove " + marker(base) + ": " + e);
            }
        });
    }

    private static void rebuild(DatabaseConfig config, Path base, Path file) throws IOException {
        long t0 = System.nanoTime();
        Path dump = base.resolveSibling(base.getFileName() + ".recovery.sql");
        Path unclean = base.resolveSibling(base.getFileName() + ".mv.db.unclean");
        LOG.log(Level.WARNING, "the embedded database " + file + " was not closed cleanly; rebuilding it from its "
                + "committed data (the previous file is kept as " + unclean + ")");
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
                Statement s = c.createStatement()) {
            s.execute("SCRIPT TO '" + literal(dump) + "'");
        } catch (SQLException e) {
            throw new MedsocException(DatabaseErrorCode.DATABASE_UNAVAILABLE, "cannot read the embedded database "
                    + file + " after an unclean shutdown: " + e.getMessage() + "; restore it from a backup", e);
        }
        Files.move(file, unclean, StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> leftovers = Files.list(base.toAbsolutePath().getParent())) {
            for (Path p : leftovers.filter(p -> p.getFileName().toString().startsWith(base.getFileName() + ".")
                    && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".trace.db")).toList()) {
                Files.deleteIfExists(p);
            }
        }
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
                Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM '" + literal(dump) + "'");
        } catch (SQLException e) {
            Files.move(unclean, file, StandardCopyOption.REPLACE_EXISTING);
            throw new MedsocException(DatabaseErrorCode.DATABASE_UNAVAILABLE, "cannot rebuild the embedded database "
                    + file + " after an unclean shutdown: " + e.getMessage() + "; the original file is back in place", e);
        }
        Files.deleteIfExists(dump);
        LOG.log(Level.WARNING, "embedded database " + file + " rebuilt in " + (System.nanoTime() - t0) / 1_000_000
                + " ms");
    }

    private static String literal(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }
}
