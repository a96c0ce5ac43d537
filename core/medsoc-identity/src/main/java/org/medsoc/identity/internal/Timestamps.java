package org.medsoc.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Instants to and from {@code TIMESTAMP WITH TIME ZONE} columns, at microsecond precision (PostgreSQL's), so what is
 * read back equals what was written on H2 and PostgreSQL alike.
 */
public final class Timestamps {
    private Timestamps() {}

    /** The instant truncated to what the database keeps. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The value to bind for an instant. */
    public static OffsetDateTime bind(Instant instant) {
        return truncate(instant).atOffset(ZoneOffset.UTC);
    }

    /** The value to bind for an optional instant ({@code null} for absent). */
    public static @Nullable OffsetDateTime bindNullable(@Nullable Instant instant) {
        return instant == null ? null : bind(instant);
    }

    /** Reads a non-null column. */
    public static Instant read(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        if (t == null) {
            throw new SQLException("column " + column + " is null");
        }
        return t.toInstant();
    }

    /** Reads a nullable column. */
    public static Optional<Instant> readOptional(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
