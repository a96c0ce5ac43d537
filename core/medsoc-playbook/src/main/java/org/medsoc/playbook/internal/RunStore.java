package org.medsoc.playbook.internal;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.medsoc.playbook.AttemptState;
import org.medsoc.playbook.PlaybookRun;
import org.medsoc.playbook.RunId;
import org.medsoc.playbook.RunState;
import org.medsoc.playbook.StepAttempt;
import org.medsoc.spi.event.TenantId;

/**
 * The SQL of runs, attempts and approvals. Updates made by a worker are guarded by {@code claimed_by = worker} and a
 * non-final state, so a worker that lost its lease, or a run cancelled meanwhile, changes nothing.
 */
public final class RunStore {
    /** The columns of a run a worker needs. */
    public record RunRow(String id, TenantId tenant, String playbookId, int playbookVersion, String source,
            String triggerJson, RunState state, int stepIndex, @Nullable String claimedBy) {}

    private static final String ACTIVE = "state IN ('RUNNING', 'WAITING')";
    private static final int MAX_ERROR = 4000;

    private final Jdbi jdbi;

    /** A store over the playbook tables. */
    public RunStore(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** The statement runner. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** Inserts a new run, due at {@code wakeAt}. */
    public static void insertRun(Handle h, RunId id, TenantId tenant, String playbookId, int version, String source,
            String triggerJson, @Nullable String triggerKey, Instant wakeAt, Instant now) {
        h.createUpdate("INSERT INTO playbook_run (id, tenant_id, playbook_id, playbook_version, source, trigger_json, "
                        + "trigger_key, state, step_index, wake_at, created_at, updated_at) VALUES (:id, :t, :pb, :v, :source, "
                        + ":trigger, :key, 'RUNNING', 0, :wake, :now, :now)")
                .bind("id", id.value()).bind("t", tenant.value()).bind("pb", playbookId).bind("v", version)
                .bind("source", source).bind("trigger", triggerJson).bind("key", triggerKey)
                .bind("wake", Sql.at(wakeAt)).bind("now", Sql.at(now))
                .execute();
    }

    /** The run started by a trigger key, if any. */
    public Optional<RunId> byTriggerKey(TenantId tenant, String playbookId, String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM playbook_run WHERE tenant_id = :t AND playbook_id = :pb "
                                + "AND trigger_key = :key")
                        .bind("t", tenant.value()).bind("pb", playbookId).bind("key", key)
                        .mapTo(String.class).findOne())
                .map(RunId::new);
    }

    /** Claims up to {@code limit} due runs whose lease is free or expired; answers the ids claimed. */
    public List<String> claimDue(String worker, Instant now, Instant leaseUntil, int limit) {
        List<String> due = jdbi.withHandle(h -> h.createQuery("SELECT id FROM playbook_run WHERE " + ACTIVE
                        + " AND wake_at <= :now AND (lease_until IS NULL OR lease_until <= :now) ORDER BY wake_at LIMIT :n")
                .bind("now", Sql.at(now)).bind("n", limit)
                .mapTo(String.class).list());
        return due.stream().filter(id -> jdbi.withHandle(h -> h.createUpdate("UPDATE playbook_run SET claimed_by = :w, "
                                + "lease_until = :lease WHERE id = :id AND " + ACTIVE
                                + " AND wake_at <= :now AND (lease_until IS NULL OR lease_until <= :now)")
                        .bind("w", worker).bind("lease", Sql.at(leaseUntil)).bind("id", id).bind("now", Sql.at(now))
                        .execute()) == 1)
                .toList();
    }

    /** Loads a run for a worker. */
    public Optional<RunRow> load(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM playbook_run WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new RunRow(rs.getString("id"), TenantId.of(rs.getString("tenant_id")),
                        rs.getString("playbook_id"), rs.getInt("playbook_version"), rs.getString("source"),
                        rs.getString("trigger_json"), RunState.valueOf(rs.getString("state")), rs.getInt("step_index"),
                        rs.getString("claimed_by")))
                .findOne());
    }

    /** Extends the worker's lease; false when it no longer holds the run. */
    public static boolean renewLease(Handle h, String runId, String worker, Instant leaseUntil) {
        return h.createUpdate("UPDATE playbook_run SET lease_until = :lease WHERE id = :id AND claimed_by = :w AND " + ACTIVE)
                .bind("lease", Sql.at(leaseUntil)).bind("id", runId).bind("w", worker)
                .execute() == 1;
    }

    /** Moves the run to its next step, keeping the claim; false when the worker no longer holds the run. */
    public static boolean advance(Handle h, String runId, String worker, int nextIndex, Instant now) {
        return h.createUpdate("UPDATE playbook_run SET step_index = :i, state = 'RUNNING', wake_at = :now, updated_at = :now "
                        + "WHERE id = :id AND claimed_by = :w AND " + ACTIVE)
                .bind("i", nextIndex).bind("now", Sql.at(now)).bind("id", runId).bind("w", worker)
                .execute() == 1;
    }

    /** Parks the run until {@code wakeAt} and releases the claim. */
    public static boolean park(Handle h, String runId, String worker, RunState state, Instant wakeAt, Instant now) {
        return h.createUpdate("UPDATE playbook_run SET state = :s, wake_at = :wake, updated_at = :now, claimed_by = NULL, "
                        + "lease_until = NULL WHERE id = :id AND claimed_by = :w AND " + ACTIVE)
                .bind("s", state.name()).bind("wake", Sql.at(wakeAt)).bind("now", Sql.at(now))
                .bind("id", runId).bind("w", worker)
                .execute() == 1;
    }

    /** Ends the run and releases the claim. */
    public static boolean finish(Handle h, String runId, String worker, RunState state, @Nullable String error, Instant now) {
        return h.createUpdate("UPDATE playbook_run SET state = :s, error = :e, updated_at = :now, finished_at = :now, "
                        + "claimed_by = NULL, lease_until = NULL WHERE id = :id AND claimed_by = :w AND " + ACTIVE)
                .bind("s", state.name()).bind("e", bound(error)).bind("now", Sql.at(now))
                .bind("id", runId).bind("w", worker)
                .execute() == 1;
    }

    /** Cancels an active run of the tenant; false when it is not active (or not the tenant's). */
    public boolean cancel(TenantId tenant, RunId id, String reason, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE playbook_run SET state = 'CANCELLED', error = :e, "
                        + "updated_at = :now, finished_at = :now, claimed_by = NULL, lease_until = NULL "
                        + "WHERE id = :id AND tenant_id = :t AND " + ACTIVE)
                .bind("e", bound(reason)).bind("now", Sql.at(now)).bind("id", id.value()).bind("t", tenant.value())
                .execute()) == 1;
    }

    /** Inserts a timeline entry; answers its sequence number. */
    public static int insertAttempt(Handle h, String runId, TenantId tenant, String stepId, int attempt, AttemptState state,
            Instant started, @Nullable Instant finished, @Nullable Instant wakeAt, @Nullable String outputJson,
            @Nullable String error) {
        int seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM playbook_step_attempt WHERE run_id = :id")
                .bind("id", runId).mapTo(Integer.class).one();
        h.createUpdate("INSERT INTO playbook_step_attempt (run_id, seq, tenant_id, step_id, attempt, state, started_at, "
                        + "finished_at, wake_at, output_json, error) VALUES (:id, :seq, :t, :step, :n, :s, :start, :end, :wake, "
                        + ":out, :err)")
                .bind("id", runId).bind("seq", seq).bind("t", tenant.value()).bind("step", stepId).bind("n", attempt)
                .bind("s", state.name()).bind("start", Sql.at(started))
                .bindByType("end", finished == null ? null : Sql.at(finished), java.time.OffsetDateTime.class)
                .bindByType("wake", wakeAt == null ? null : Sql.at(wakeAt), java.time.OffsetDateTime.class)
                .bind("out", outputJson).bind("err", bound(error))
                .execute();
        return seq;
    }

    /** Records the outcome of an attempt that is {@code expected}; false when it is no longer in that state. */
    public static boolean completeAttempt(Handle h, String runId, int seq, AttemptState expected, AttemptState state,
            Instant finished, @Nullable Instant wakeAt, @Nullable String outputJson, @Nullable String error) {
        return h.createUpdate("UPDATE playbook_step_attempt SET state = :s, finished_at = :end, wake_at = :wake, "
                        + "output_json = COALESCE(:out, output_json), error = :err WHERE run_id = :id AND seq = :seq AND state = :expected")
                .bind("s", state.name()).bind("end", Sql.at(finished)).bindByType("wake", wakeAt == null ? null : Sql.at(wakeAt), java.time.OffsetDateTime.class)
                .bind("out", outputJson).bind("err", bound(error)).bind("id", runId).bind("seq", seq)
                .bind("expected", expected.name())
                .execute() == 1;
    }

    /** The timeline of a run. */
    public List<StepAttempt> attempts(String runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM playbook_step_attempt WHERE run_id = :id ORDER BY seq")
                .bind("id", runId)
                .map((rs, ctx) -> attempt(rs))
                .list());
    }

    private static StepAttempt attempt(ResultSet rs) throws SQLException {
        return new StepAttempt(rs.getInt("seq"), rs.getString("step_id"), rs.getInt("attempt"),
                AttemptState.valueOf(rs.getString("state")), requireNonNull(Sql.instant(rs, "started_at")),
                Optional.ofNullable(Sql.instant(rs, "finished_at")), Optional.ofNullable(Sql.instant(rs, "wake_at")),
                Optional.ofNullable(rs.getString("output_json")), Optional.ofNullable(rs.getString("error")));
    }

    /** One run of a tenant. */
    public Optional<PlaybookRun> find(TenantId tenant, RunId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM playbook_run WHERE id = :id AND tenant_id = :t")
                .bind("id", id.value()).bind("t", tenant.value())
                .map((rs, ctx) -> run(rs))
                .findOne());
    }

    /** The newest runs of a tenant, optionally of one state. */
    public List<PlaybookRun> list(TenantId tenant, @Nullable RunState state, int limit) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT * FROM playbook_run WHERE tenant_id = :t"
                            + (state == null ? "" : " AND state = :s") + " ORDER BY created_at DESC, id LIMIT :n")
                    .bind("t", tenant.value()).bind("n", limit);
            if (state != null) {
                query.bind("s", state.name());
            }
            return query.map((rs, ctx) -> run(rs)).list();
        });
    }

    private static PlaybookRun run(ResultSet rs) throws SQLException {
        return new PlaybookRun(new RunId(rs.getString("id")), TenantId.of(rs.getString("tenant_id")),
                rs.getString("playbook_id"), rs.getInt("playbook_version"), rs.getString("trigger_json"),
                RunState.valueOf(rs.getString("state")), rs.getInt("step_index"),
                requireNonNull(Sql.instant(rs, "wake_at")), Optional.ofNullable(rs.getString("error")),
                requireNonNull(Sql.instant(rs, "created_at")), requireNonNull(Sql.instant(rs, "updated_at")));
    }

    /** A recorded approval decision. */
    public record Decision(String decision, String decidedBy, String reason) {}

    /** The decision on an approval step, if any. */
    public Optional<Decision> decision(String runId, String stepId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT decision, decided_by, reason FROM playbook_approval "
                        + "WHERE run_id = :id AND step_id = :step")
                .bind("id", runId).bind("step", stepId)
                .map((rs, ctx) -> new Decision(rs.getString("decision"), rs.getString("decided_by"), rs.getString("reason")))
                .findOne());
    }

    /** Records a decision and makes the run due now (when it is still waiting). */
    public static void insertDecision(Handle h, TenantId tenant, String runId, String stepId, String decision,
            String decidedBy, String reason, Instant now) {
        h.createUpdate("INSERT INTO playbook_approval (run_id, step_id, tenant_id, decision, decided_by, reason, decided_at) "
                        + "VALUES (:id, :step, :t, :d, :by, :r, :now)")
                .bind("id", runId).bind("step", stepId).bind("t", tenant.value()).bind("d", decision)
                .bind("by", decidedBy).bind("r", reason).bind("now", Sql.at(now))
                .execute();
        h.createUpdate("UPDATE playbook_run SET wake_at = :now, updated_at = :now WHERE id = :id AND state = 'WAITING'")
                .bind("now", Sql.at(now)).bind("id", runId)
                .execute();
    }

    private static @Nullable String bound(@Nullable String s) {
        return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR - 1) + "…";
    }
}
