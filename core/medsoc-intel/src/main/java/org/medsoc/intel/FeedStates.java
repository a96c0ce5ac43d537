package org.medsoc.intel;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.medsoc.database.Database;
import org.medsoc.database.Sql;

/**
 * The durable state of polled feeds in the node database (module schema {@code intel}): per feed name the
 * {@code added_after} to resume from, a digest of what was last imported, the last attempt and success, the last
 * failure and the number of objects imported.
 */
public final class FeedStates {
    /** One feed's state. */
    public record State(
            Optional<String> addedAfter, Optional<String> digest, Optional<Instant> lastAttempt,
            Optional<Instant> lastSuccess, Optional<String> lastError, long objects) {
        /** The state of a feed never polled. */
        public static final State NEW = new State(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 0);
    }

    private final Database db;

    private FeedStates(Database db) {
        this.db = db;
    }

    /** The feed states in this database; applies the module's schema migrations. */
    public static FeedStates create(Database db) {
        requireNonNull(db, "db is null");
        db.migrate("intel");
        return new FeedStates(db);
    }

    /** The state of a feed ({@link State#NEW} when never polled). */
    public State get(String feed) {
        return db.inTransaction("reading the state of feed " + feed, h -> h.createQuery(
                        "SELECT * FROM intel_feed_state WHERE feed_name = :f").bind("f", feed)
                .map((rs, ctx) -> new State(Optional.ofNullable(rs.getString("added_after")),
                        Optional.ofNullable(rs.getString("digest")), Sql.optionalInstant(rs, "last_attempt"),
                        Sql.optionalInstant(rs, "last_success"), Optional.ofNullable(rs.getString("last_error")),
                        rs.getLong("objects_total")))
                .findOne().orElse(State.NEW));
    }

    /** Stores a feed's state. */
    public void put(String feed, State state) {
        requireNonNull(state, "state is null");
        String error = state.lastError().map(e -> e.length() > 2000 ? e.substring(0, 2000) : e).orElse(null);
        db.inTransaction("storing the state of feed " + feed, h -> {
            h.createUpdate("DELETE FROM intel_feed_state WHERE feed_name = :f").bind("f", feed).execute();
            return h.createUpdate("INSERT INTO intel_feed_state (feed_name, added_after, digest, last_attempt,"
                            + " last_success, last_error, objects_total) VALUES (:f, :a, :d, :la, :ls, :e, :n)")
                    .bind("f", feed).bind("a", state.addedAfter().orElse(null)).bind("d", state.digest().orElse(null))
                    .bind("la", Sql.at(state.lastAttempt().orElse(null)))
                    .bind("ls", Sql.at(state.lastSuccess().orElse(null))).bind("e", error)
                    .bind("n", state.objects()).execute();
        });
    }
}
