package org.medsoc.findings;

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
 * Statement helpers: times are stored as {@code TIMESTAMP WITH TIME ZONE}, bound as UTC {@link OffsetDateTime} and
 * truncated to milliseconds so that what is read back equals what was written on both databases.
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

    static Argument number(@Nullable Double d) {
        return ObjectArgument.of(d, Types.DOUBLE);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        if (t == null) {
            throw new SQLException("column " + column + " is null");
        }
        return t.toInstant();
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    static Optional<Double> optionalDouble(ResultSet rs, String column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(d);
    }

    /**
     * A LIKE pattern matching {@code text} literally anywhere, with {@code !} as the escape character (a backslash
     * would be taken by Jdbi's statement parser).
     */
    static String containsPattern(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('%');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == '!') {
                b.append('!');
            }
            b.append(c);
        }
        return b.append('%').toString();
    }

    static String cut(@Nullable String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
