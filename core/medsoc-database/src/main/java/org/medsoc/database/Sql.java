package org.medsoc.database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ObjectArgument;
import org.jspecify.annotations.Nullable;

/**
 * Statement helpers every repository shares, so that values round-trip identically on H2 and PostgreSQL: times are
 * stored as {@code TIMESTAMP WITH TIME ZONE}, bound as UTC {@link OffsetDateTime} and truncated to milliseconds (what
 * is read back equals what was written); nullable numbers are bound with their SQL type.
 */
public final class Sql {
    private Sql() {}

    /** The instant truncated to milliseconds, as both databases keep it. */
    public static Instant millis(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A time argument (null binds SQL NULL). */
    public static Argument at(@Nullable Instant t) {
        return ObjectArgument.of(t == null ? null : OffsetDateTime.ofInstant(millis(t), ZoneOffset.UTC),
                Types.TIMESTAMP_WITH_TIMEZONE);
    }

    /** A double argument (null binds SQL NULL). */
    public static Argument number(@Nullable Double d) {
        return ObjectArgument.of(d, Types.DOUBLE);
    }

    /** A non-null time column. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        if (t == null) {
            throw new SQLException("column " + column + " is null");
        }
        return t.toInstant();
    }

    /** A nullable time column. */
    public static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    /** A nullable time column, as null when absent. */
    public static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        return optionalInstant(rs, column).orElse(null);
    }

    /** A nullable text column. */
    public static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    /** A nullable double column. */
    public static Optional<Double> optionalDouble(ResultSet rs, String column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(d);
    }

    /** A nullable bigint column, as null when absent. */
    public static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /**
     * A LIKE pattern matching {@code text} literally anywhere; the statement must declare {@code ESCAPE} with the
     * same {@code escape} character.
     */
    public static String containsPattern(String text, char escape) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('%');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == escape) {
                b.append(escape);
            }
            b.append(c);
        }
        return b.append('%').toString();
    }

    /** At most {@code max} characters of {@code s} (null becomes empty). */
    public static String cut(@Nullable String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
