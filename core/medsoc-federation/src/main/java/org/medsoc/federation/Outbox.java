package org.medsoc.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.medsoc.database.Database;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.database.Sql;

/**
 * The node's queue of reports for the hub. Each report gets the next sequence number from a counter row that is
 * locked for the length of the appending transaction, so sequences commit in order and a sender reading unsent
 * reports never sees a later one before an earlier one. Reports stay until sent and acknowledged; sent ones are
 * kept until {@link #purgeSent} so that they can be resent if the hub asks from an earlier sequence.
 */
public final class Outbox {
    /** The longest JSON payload of one report, in characters. */
    public static final int MAX_PAYLOAD = HubProtocol.MAX_REPORT_PAYLOAD;

    private final Database db;
    private final Clock clock;

    /** Creates the outbox over a migrated database. */
    public Outbox(Database db, Clock clock) {
        this.db = requireNonNull(db, "db is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Queues a report; answers its sequence. */
    public long append(ReportBody body) {
        requireNonNull(body, "body is null");
        try {
            return db.jdbi().inTransaction(h -> append(h, body));
        } catch (RuntimeException e) {
            throw Database.translate(e, body.type() + " report");
        }
    }

    /** Queues a report within the caller's transaction, so it is sent only if that transaction commits. */
    public long append(Handle h, ReportBody body) {
        requireNonNull(h, "h is null");
        requireNonNull(body, "body is null");
        String payload = Wire.json(body);
        if (payload.length() > MAX_PAYLOAD) {
            throw new MedsocException(FederationErrorCode.PAYLOAD_TOO_LARGE, "the " + body.type() + " report has "
                    + payload.length() + " characters of JSON; the limit is " + MAX_PAYLOAD
                    + ": summarise it or split it into several reports");
        }
        long sequence = h.createQuery("SELECT next_sequence FROM node_outbox_counter WHERE id = 1 FOR UPDATE")
                .mapTo(Long.class).one();
        h.createUpdate("UPDATE node_outbox_counter SET next_sequence = :next WHERE id = 1")
                .bind("next", sequence + 1).execute();
        h.createUpdate("INSERT INTO node_outbox (sequence, type, payload, created_at) VALUES (:seq, :type, "
                        + ":payload, :now)")
                .bind("seq", sequence).bind("type", body.type().name()).bind("payload", payload)
                .bind("now", Sql.at(Sql.millis(clock.instant()))).execute();
        return sequence;
    }

    /** The oldest unsent reports in sequence order, at most {@code limit}. */
    public List<Report> pending(int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT sequence, type, payload, created_at FROM node_outbox "
                        + "WHERE sent_at IS NULL ORDER BY sequence LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new Report(rs.getLong("sequence"), ReportType.valueOf(rs.getString("type")),
                        Sql.instant(rs, "created_at"), rs.getString("payload")))
                .list());
    }

    /** How many reports wait to be sent. */
    public long pendingCount() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM node_outbox WHERE sent_at IS NULL")
                .mapTo(Long.class).one());
    }

    /** The sequence the hub should expect first from a newly enrolled node: the lowest unsent one, or the next. */
    public long firstUnsent() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE((SELECT MIN(sequence) FROM node_outbox "
                        + "WHERE sent_at IS NULL), (SELECT next_sequence FROM node_outbox_counter WHERE id = 1))")
                .mapTo(Long.class).one());
    }

    /** Marks every report up to {@code sequence} as sent (the hub acknowledged it). */
    public int markSent(long sequence) {
        Instant now = Sql.millis(clock.instant());
        return db.jdbi().withHandle(h -> h.createUpdate("UPDATE node_outbox SET sent_at = :now WHERE sent_at IS NULL "
                        + "AND sequence <= :seq")
                .bind("now", Sql.at(now)).bind("seq", sequence).execute());
    }

    /**
     * Marks reports from {@code sequence} on as unsent again, because the hub expects them; answers false when the
     * outbox no longer holds {@code sequence} (purged or never written), in which case they cannot be resent.
     */
    public boolean resendFrom(long sequence) {
        return db.jdbi().inTransaction(h -> {
            boolean held = h.createQuery("SELECT COUNT(*) FROM node_outbox WHERE sequence = :seq").bind("seq", sequence)
                    .mapTo(Long.class).one() == 1;
            if (held) {
                h.createUpdate("UPDATE node_outbox SET sent_at = NULL WHERE sequence >= :seq")
                        .bind("seq", sequence).execute();
            }
            return held;
        });
    }

    /** Deletes reports sent before {@code before}; answers how many. */
    public int purgeSent(Instant before) {
        return db.jdbi().withHandle(h -> h.createUpdate("DELETE FROM node_outbox WHERE sent_at IS NOT NULL "
                        + "AND sent_at < :before")
                .bind("before", Sql.at(before)).execute());
    }
}
