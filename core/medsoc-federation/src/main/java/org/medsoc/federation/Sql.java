package org.medsoc.federation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ObjectArgument;
import org.jspecify.annotations.Nullable;

/**
 * Statement helpers: times are {@code TIMESTAMP WITH TIME ZONE}, bound as UTC {@link OffsetDateTime} truncated to
 * milliseconds so what is read back equals what was written on both databases.
 */
final class Sql {
    private Sql() {}

    static Instant millis(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    static Argument at(@Nullable Instant t) {
        return ObjectArgument.of(t == null ? null : OffsetDateTime.ofInstant(millis(t), ZoneOffset.UTC),
                Types.TIMESTAMP_WITH_TIMEZONE);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        if (t == null) {
            throw new SQLException("column " + column + " is null");
        }
        return t.toInstant();
    }

    static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
