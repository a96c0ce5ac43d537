package org.medsoc.playbook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.notify.Notifier;
import org.medsoc.playbook.internal.ActionRunner;
import org.medsoc.playbook.internal.RateLimits;
import org.medsoc.playbook.internal.RunStore;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Runs playbooks durably from the relational store. A run is persisted when it starts; workers claim due runs ({@code
 * wake_at <= now}) with a lease and execute them one step at a time, recording each attempt in the run's timeline.
 *
 * <p>Call {@link #runDue()} to execute everything due now (tests drive it with a controllable clock), or {@link
 * #startWorker()} for a background thread that does so every poll interval. Several executors, in one or many
 * processes, may share a database: a run is held by one worker at a time.
 */
public final class PlaybookExecutor implements AutoCloseable {
    /*
     * Durability protocol, per step:
     *  1. an attempt row STARTED is committed before the effect is requested (with the lease extended to cover the step's
     *     timeout);
     *  2. the effect is requested with the idempotency key <run id>:<step id> (the same for every attempt of the step:
     *     HTTP Idempotency-Key header, the notification's dedupe key, the ports' idempotencyKey argument);
     *  3. the outcome is committed: CONFIRMED together with the move to the next step in one transaction, or
     *     RETRYABLE/FAILED together with the run's wake-up time or end.
     * A worker that dies between 1 and 3 leaves a STARTED attempt; whoever claims the run after the lease expired marks
     * it ABANDONED and executes the step again with the same key (every step type is keyed or naturally idempotent). A
     * CONFIRMED step is never executed again because the step index moved past it in the same transaction.
     * Every wait has a deadline: retries (bounded attempts and back-off), rate limits (maxRateLimitWait), approvals
     * (their deadline), wait steps (their duration), leases (lease + step timeout). So no run stays RUNNING or WAITING
     * without a wake-up time a worker will act on.
     */
    private static final System.Logger LOG = System.getLogger(PlaybookExecutor.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_OUTPUT_CHARS = 16_000;
    private static final int CLAIM_BATCH = 16;
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(30);

    private final Database db;
    private final RunStore store;
    private final PlaybookStore playbooks;
    private final Clock clock;
    private final String workerId;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration maxRateLimitWait;
    private final RateLimits limits;
    private final ActionRunner actions;
    private final Object workerLock = new Object();
    private @Nullable Thread worker;
    private volatile boolean stopping;

    private PlaybookExecutor(Builder b) {
        this.db = b.db;
        this.clock = b.clock;
        db.migrate("playbook");
        this.store = new RunStore(db.jdbi());
        this.playbooks = new PlaybookStore(db, clock);
        this.workerId = b.workerId;
        this.lease = b.lease;
        this.pollInterval = b.pollInterval;
        this.maxRateLimitWait = b.maxRateLimitWait;
        this.limits = new RateLimits(b.limits);
        HttpClient http = b.httpClient != null ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER).build();
        this.actions = new ActionRunner(b.notifier, b.enrichment, b.firewall, b.edr, b.tickets, b.incidents, http, clock);
    }

    /** A builder for an executor on a database (the {@code playbook} migrations are applied by {@link Builder#build()}). */
    public static Builder builder(Database db) {
        return new Builder(db);
    }

    /** The definitions store on the same database. */
    public PlaybookStore playbooks() {
        return playbooks;
    }

    /** This executor's worker id, recorded as the holder of the runs it claims. */
    public String workerId() {
        return workerId;
    }

    /** Starts a run of a playbook now, whatever its trigger and conditions. */
    public RunId start(TenantId tenant, Playbook playbook, Map<String, ?> payload) {
        return insert(tenant, playbook.id(), playbook.version(), playbook.source(), payload, null, clock.instant());
    }

    /**
     * Starts a run unless one was already started for the same {@code triggerKey} of this playbook; answers the run
     * either way.
     */
    public RunId start(TenantId tenant, Playbook playbook, Map<String, ?> payload, String triggerKey) {
        requireNonNull(triggerKey, "triggerKey is null");
        return insert(tenant, playbook.id(), playbook.version(), playbook.source(), payload, triggerKey, clock.instant());
    }

    /**
     * Starts every enabled playbook of the tenant whose trigger and conditions match the event (the latest version of
     * each); answers the runs, including ones already started for the same event key.
     */
    public List<RunId> trigger(TenantId tenant, TriggerEvent event) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(event, "event is null");
        return start(tenant, event, playbooks.enabled(tenant, event.type()));
    }

    /**
     * Does {@link #trigger(TenantId, TriggerEvent)} for each event of the tenant, in order, looking the enabled
     * playbooks up once per trigger type (an ingest batch's alerts cost one lookup, not one each). Every event is
     * tried even when one fails; the first failure (with the later ones suppressed) is thrown after the last event.
     */
    public List<RunId> trigger(TenantId tenant, List<TriggerEvent> events) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(events, "events is null");
        Map<TriggerType, List<Playbook>> enabled = new EnumMap<>(TriggerType.class);
        List<RunId> started = new ArrayList<>();
        RuntimeException failure = null;
        for (TriggerEvent event : events) {
            try {
                List<Playbook> candidates = enabled.get(event.type());
                if (candidates == null) {
                    candidates = playbooks.enabled(tenant, event.type());
                    enabled.put(event.type(), candidates);
                }
                started.addAll(start(tenant, event, candidates));
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return started;
    }

    private List<RunId> start(TenantId tenant, TriggerEvent event, List<Playbook> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        JsonNode payload = JSON.valueToTree(event.payload());
        ObjectNode context = JSON.createObjectNode();
        context.set("trigger", payload);
        List<RunId> started = new ArrayList<>();
        for (Playbook p : candidates) {
            if (p.trigger().matches(event.type(), payload) && p.conditions().stream().allMatch(c -> c.test(context))) {
                started.add(insert(tenant, p.id(), p.version(), p.source(), event.payload(), event.key().orElse(null),
                        clock.instant()));
            }
        }
        return started;
    }

    private RunId insert(TenantId tenant, String playbookId, int version, String source, Map<String, ?> payload,
            @Nullable String triggerKey, Instant wakeAt) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(payload, "payload is null");
        String triggerJson = json(JSON.valueToTree(payload), Integer.MAX_VALUE);
        RunId id = RunId.random();
        try {
            Instant now = clock.instant();
            db.jdbi().useHandle(h -> RunStore.insertRun(h, id, tenant, playbookId, version, source, triggerJson,
                    triggerKey, wakeAt, now));
            return id;
        } catch (RuntimeException e) {
            MedsocException m = Database.translate(e, "run of playbook " + playbookId + " for " + triggerKey);
            if (triggerKey != null) {
                Optional<RunId> existing = store.byTriggerKey(tenant, playbookId, triggerKey);
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            throw m;
        }
    }

    /**
     * Executes every run that is due now, one step at a time, until each finishes or waits; answers how many runs were
     * worked on.
     */
    public int runDue() {
        fireSchedules();
        int worked = 0;
        while (worked < 100_000) {
            Instant now = clock.instant();
            List<String> claimed = store.claimDue(workerId, now, now.plus(lease), CLAIM_BATCH);
            if (claimed.isEmpty()) {
                break;
            }
            for (String runId : claimed) {
                worked++;
                try {
                    process(runId);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "playbook run " + runId + " failed unexpectedly; retried in "
                            + ERROR_BACKOFF, e);
                    try {
                        Instant t = clock.instant();
                        db.jdbi().useHandle(h -> RunStore.park(h, runId, workerId, RunState.RUNNING, t.plus(ERROR_BACKOFF), t));
                    } catch (RuntimeException again) {
                        LOG.log(System.Logger.Level.ERROR, "cannot release playbook run " + runId
                                + "; its lease expires on its own", again);
                    }
                }
            }
        }
        return worked;
    }

    /**
     * Starts a run of every enabled scheduled playbook whose time has come. Missed firings (the node was down) are
     * coalesced into one run; the next firing is computed from now. Each firing is claimed with a compare-and-set on
     * {@code playbook_schedule.next_at}, in the same transaction as the run's insertion, so it starts exactly once.
     */
    private void fireSchedules() {
        Instant now = clock.instant();
        List<String[]> scheduled = db.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT tenant_id, playbook_id "
                        + "FROM playbook_definition WHERE trigger_type = :type")
                .bind("type", TriggerType.SCHEDULE.yamlName())
                .map((rs, ctx) -> new String[] {rs.getString("tenant_id"), rs.getString("playbook_id")})
                .list());
        for (String[] row : scheduled) {
            TenantId tenant = TenantId.of(row[0]);
            Playbook p = playbooks.latest(tenant, row[1]).orElse(null);
            if (p == null || !p.enabled() || !(p.trigger() instanceof Trigger.OnSchedule schedule)) {
                continue;
            }
            Instant next = schedule.interval().map(now::plus)
                    .orElseGet(() -> schedule.cron().orElseThrow().nextAfter(now));
            Optional<Instant> due = db.jdbi().withHandle(h -> h.createQuery("SELECT next_at FROM playbook_schedule "
                            + "WHERE tenant_id = :t AND playbook_id = :id")
                    .bind("t", tenant.value()).bind("id", p.id())
                    .mapTo(java.time.OffsetDateTime.class).findOne()).map(java.time.OffsetDateTime::toInstant);
            try {
                if (due.isEmpty()) {
                    db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO playbook_schedule (tenant_id, playbook_id, next_at) "
                                    + "VALUES (:t, :id, :next)")
                            .bind("t", tenant.value()).bind("id", p.id())
                            .bind("next", org.medsoc.playbook.internal.Sql.at(next)).execute());
                } else if (!due.get().isAfter(now)) {
                    Instant firedAt = due.get();
                    inTx(h -> {
                        int won = h.createUpdate("UPDATE playbook_schedule SET next_at = :next WHERE tenant_id = :t "
                                        + "AND playbook_id = :id AND next_at = :due")
                                .bind("next", org.medsoc.playbook.internal.Sql.at(next)).bind("t", tenant.value())
                                .bind("id", p.id()).bind("due", org.medsoc.playbook.internal.Sql.at(firedAt))
                                .execute();
                        if (won == 1) {
                            Map<String, Object> payload = Map.of("schedule", Map.of("fired_at", firedAt.toString(),
                                    "playbook", p.id()));
                            RunStore.insertRun(h, RunId.random(), tenant, p.id(), p.version(), p.source(),
                                    json(JSON.valueToTree(payload), Integer.MAX_VALUE), "schedule@" + firedAt, now, now);
                        }
                        return won == 1;
                    });
                }
            } catch (RuntimeException e) {
                // another worker initialised or fired the same schedule at the same moment
                LOG.log(System.Logger.Level.DEBUG, "schedule of playbook " + p.id() + " for " + tenant
                        + " was handled by another worker: " + e.getMessage());
            }
        }
    }

    private void process(String runId) {
        for (int guard = 0; guard < 1_000; guard++) {
            RunStore.RunRow run = store.load(runId).orElse(null);
            if (run == null || run.state().isFinal() || !workerId.equals(run.claimedBy())) {
                return;
            }
            Playbook playbook = PlaybookParser.parse(run.source(), run.playbookId() + "@" + run.playbookVersion());
            Instant now = clock.instant();
            if (run.stepIndex() >= playbook.steps().size()) {
                inTx(h -> RunStore.finish(h, runId, workerId, RunState.SUCCEEDED, null, now));
                return;
            }
            Step step = playbook.steps().get(run.stepIndex());
            List<StepAttempt> timeline = store.attempts(runId);
            List<StepAttempt> attempts = timeline.stream().filter(a -> a.stepId().equals(step.id())).toList();
            StepAttempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            int nextNumber = last == null ? 1 : last.attempt() + 1;
            if (last != null && last.state() == AttemptState.STARTED) {
                inTx(h -> RunStore.completeAttempt(h, runId, last.seq(), AttemptState.STARTED, AttemptState.ABANDONED, now,
                        null, null, "the worker was lost before the outcome was recorded; the step is executed again "
                                + "with the same idempotency key " + ActionRunner.idempotencyKey(runId, step.id())));
                continue;
            }
            if (last != null && last.state() == AttemptState.WAITING) {
                if (!resumeWaiting(run, step, last, now)) {
                    return;
                }
                continue;
            }
            JsonNode context = context(run, timeline);
            if (!step.when().stream().allMatch(c -> c.test(context))) {
                inTx(h -> {
                    RunStore.insertAttempt(h, runId, run.tenant(), step.id(), nextNumber, AttemptState.SKIPPED, now, now, null,
                            null, "conditions not met: " + step.when());
                    return RunStore.advance(h, runId, workerId, run.stepIndex() + 1, now);
                });
                continue;
            }
            int counted = (int) attempts.stream().filter(a -> a.state().countsAsAttempt()).count();
            if (step.action() instanceof StepAction.Wait || step.action() instanceof StepAction.Approval) {
                beginWaiting(run, step, nextNumber, context, now);
                return;
            }
            if (counted >= step.retries().maxAttempts()) {
                // only reachable when the last attempt was abandoned by a lost worker: its outcome is unknown
                failStep(run, step, nextNumber, now, "step '" + step.id() + "' used all " + counted
                        + " attempt(s), the last one abandoned by a lost worker; its outcome is unknown, check the target");
                return;
            }
            ActionRunner.Prepared prepared;
            try {
                prepared = actions.prepare(run.tenant(), runId, step, context);
            } catch (MedsocException e) {
                failStep(run, step, nextNumber, now, "step '" + step.id() + "': " + e.getMessage());
                return;
            }
            if (prepared.rateLimitKey().isPresent()) {
                String key = prepared.rateLimitKey().get();
                Duration wait = limits.acquire(key, now);
                if (!wait.isZero()) {
                    defer(run, step, attempts, nextNumber, key, wait, now);
                    return;
                }
            }
            Instant startedAt = now;
            int[] seq = new int[1];
            boolean held = inTx(h -> {
                if (!RunStore.renewLease(h, runId, workerId, startedAt.plus(step.timeout()).plus(lease))) {
                    return false;
                }
                seq[0] = RunStore.insertAttempt(h, runId, run.tenant(), step.id(), nextNumber, AttemptState.STARTED,
                        startedAt, null, null, null, null);
                return true;
            });
            if (!held) {
                return;
            }
            ActionResult result = actions.execute(prepared, step.timeout());
            Instant end = clock.instant();
            switch (result) {
                case ActionResult.Done done -> {
                    String output = json(JSON.valueToTree(done.output()), MAX_OUTPUT_CHARS);
                    inTx(h -> {
                        if (!RunStore.completeAttempt(h, runId, seq[0], AttemptState.STARTED, AttemptState.CONFIRMED, end,
                                null, output, null)) {
                            return false;
                        }
                        if (step.action() instanceof StepAction.BlockIp block && block.expiresAfter().isPresent()) {
                            scheduleUnblock(h, run, playbook, step, done, end.plus(block.expiresAfter().get()), end);
                        }
                        return RunStore.advance(h, runId, workerId, run.stepIndex() + 1, end);
                    });
                }
                case ActionResult.TransientFailure t -> {
                    int failures = (int) attempts.stream().filter(a -> a.state() == AttemptState.RETRYABLE
                            || a.state() == AttemptState.ABANDONED).count() + 1;
                    boolean exhausted = counted + 1 >= step.retries().maxAttempts();
                    Instant retryAt = end.plus(step.retries().delayAfter(failures, t.retryAfter().orElse(Duration.ZERO)));
                    inTx(h -> {
                        RunStore.completeAttempt(h, runId, seq[0], AttemptState.STARTED, AttemptState.RETRYABLE, end,
                                exhausted ? null : retryAt, null, t.reason());
                        return exhausted
                                ? RunStore.finish(h, runId, workerId, RunState.FAILED, "step '" + step.id() + "' failed after "
                                        + (counted + 1) + " attempt(s): " + t.reason(), end)
                                : RunStore.park(h, runId, workerId, RunState.WAITING, retryAt, end);
                    });
                    return;
                }
                case ActionResult.PermanentFailure p -> {
                    inTx(h -> {
                        RunStore.completeAttempt(h, runId, seq[0], AttemptState.STARTED, AttemptState.FAILED, end, null,
                                null, p.reason());
                        return RunStore.finish(h, runId, workerId, RunState.FAILED,
                                "step '" + step.id() + "' failed: " + p.reason(), end);
                    });
                    return;
                }
            }
        }
        Instant now = clock.instant();
        inTx(h -> RunStore.park(h, runId, workerId, RunState.RUNNING, now, now));
    }

    private void failStep(RunStore.RunRow run, Step step, int number, Instant now, String reason) {
        inTx(h -> {
            RunStore.insertAttempt(h, run.id(), run.tenant(), step.id(), number, AttemptState.FAILED, now, now, null, null,
                    reason);
            return RunStore.finish(h, run.id(), workerId, RunState.FAILED, reason, now);
        });
    }

    private void defer(RunStore.RunRow run, Step step, List<StepAttempt> attempts, int number, String key, Duration wait,
            Instant now) {
        Instant firstDeferral = now;
        for (int i = attempts.size() - 1; i >= 0 && attempts.get(i).state() == AttemptState.DEFERRED; i--) {
            firstDeferral = attempts.get(i).started();
        }
        if (Duration.between(firstDeferral, now).compareTo(maxRateLimitWait) >= 0) {
            failStep(run, step, number, now, "step '" + step.id() + "' waited " + ActionRunner.format(maxRateLimitWait)
                    + " for the rate limit of " + limits.perMinute(key) + "/min on " + key
                    + " without getting a slot; raise the limit or lower the load");
            return;
        }
        Instant wakeAt = now.plus(wait);
        inTx(h -> {
            RunStore.insertAttempt(h, run.id(), run.tenant(), step.id(), number, AttemptState.DEFERRED, now, now, wakeAt,
                    null, "rate limit of " + limits.perMinute(key) + "/min on " + key + " reached; waiting until " + wakeAt);
            return RunStore.park(h, run.id(), workerId, RunState.WAITING, wakeAt, now);
        });
    }

    private void beginWaiting(RunStore.RunRow run, Step step, int number, JsonNode context, Instant now) {
        Instant deadline;
        String output;
        switch (step.action()) {
            case StepAction.Wait w -> {
                deadline = now.plus(w.duration());
                output = null;
            }
            case StepAction.Approval a -> {
                deadline = now.plus(a.deadline());
                String prompt;
                try {
                    prompt = a.prompt().render(context);
                } catch (MedsocException e) {
                    failStep(run, step, number, now, "step '" + step.id() + "': " + e.getMessage());
                    return;
                }
                ObjectNode o = JSON.createObjectNode();
                o.put("prompt", prompt);
                o.put("deadline", deadline.toString());
                output = json(o, MAX_OUTPUT_CHARS);
            }
            default -> throw new IllegalStateException("not a waiting step: " + step.action().typeName());
        }
        inTx(h -> {
            RunStore.insertAttempt(h, run.id(), run.tenant(), step.id(), number, AttemptState.WAITING, now, null, deadline,
                    output, null);
            return RunStore.park(h, run.id(), workerId, RunState.WAITING, deadline, now);
        });
    }

    /** Answers true when the run moved on to the next step. */
    private boolean resumeWaiting(RunStore.RunRow run, Step step, StepAttempt waiting, Instant now) {
        Instant deadline = waiting.wakeAt().orElse(now);
        String runId = run.id();
        ObjectNode output = waiting.outputJson().map(PlaybookExecutor::object).orElseGet(JSON::createObjectNode);
        switch (step.action()) {
            case StepAction.Wait w -> {
                if (now.isBefore(deadline)) {
                    return park(runId, deadline, now);
                }
                output.put("waited_until", deadline.toString());
                return confirmWaiting(run, waiting, output, now);
            }
            case StepAction.Approval a -> {
                Optional<RunStore.Decision> decision = store.decision(runId, step.id());
                if (decision.isEmpty() && now.isBefore(deadline)) {
                    return park(runId, deadline, now);
                }
                boolean approve;
                String by;
                String reason;
                if (decision.isPresent()) {
                    approve = decision.get().decision().equals(ApprovalDecision.APPROVE.name());
                    by = decision.get().decidedBy();
                    reason = decision.get().reason();
                } else {
                    by = "deadline";
                    reason = "no decision before " + deadline + "; on_deadline is "
                            + a.onDeadline().name().toLowerCase(java.util.Locale.ROOT);
                    switch (a.onDeadline()) {
                        case APPROVE -> approve = true;
                        case REJECT -> approve = false;
                        case FAIL -> {
                            inTx(h -> {
                                RunStore.completeAttempt(h, runId, waiting.seq(), AttemptState.WAITING, AttemptState.FAILED,
                                        now, null, null, reason);
                                return RunStore.finish(h, runId, workerId, RunState.FAILED,
                                        "approval '" + step.id() + "': " + reason, now);
                            });
                            return false;
                        }
                        default -> throw new IllegalStateException();
                    }
                }
                output.put("decision", approve ? "approved" : "rejected");
                output.put("decided_by", by);
                output.put("reason", reason);
                if (approve) {
                    return confirmWaiting(run, waiting, output, now);
                }
                String out = json(output, MAX_OUTPUT_CHARS);
                inTx(h -> {
                    RunStore.completeAttempt(h, runId, waiting.seq(), AttemptState.WAITING, AttemptState.CONFIRMED, now, null,
                            out, null);
                    return RunStore.finish(h, runId, workerId, RunState.CANCELLED,
                            "approval '" + step.id() + "' rejected by " + by + ": " + reason, now);
                });
                return false;
            }
            default -> throw new IllegalStateException("not a waiting step: " + step.action().typeName());
        }
    }

    private boolean park(String runId, Instant until, Instant now) {
        inTx(h -> RunStore.park(h, runId, workerId, RunState.WAITING, until, now));
        return false;
    }

    private boolean confirmWaiting(RunStore.RunRow run, StepAttempt waiting, ObjectNode output, Instant now) {
        String out = json(output, MAX_OUTPUT_CHARS);
        return inTx(h -> RunStore.completeAttempt(h, run.id(), waiting.seq(), AttemptState.WAITING, AttemptState.CONFIRMED,
                        now, null, out, null)
                && RunStore.advance(h, run.id(), workerId, run.stepIndex() + 1, now));
    }

    private void scheduleUnblock(org.jdbi.v3.core.Handle h, RunStore.RunRow run, Playbook playbook, Step step,
            ActionResult.Done done, Instant at, Instant now) {
        String address = String.valueOf(done.output().get("ip"));
        String id = playbook.id() + ".auto-unblock";
        String source = "id: " + quote(id) + "\n"
                + "name: " + quote("automatic unblock after " + playbook.name()) + "\n"
                + "version: " + playbook.version() + "\n"
                + "trigger: manual\n"
                + "steps:\n"
                + "  - id: unblock\n"
                + "    type: unblock_ip\n"
                + "    timeout: " + ActionRunner.format(step.timeout()) + "\n"
                + "    retries: {max_attempts: 10, backoff: 1m, max_backoff: 1h}\n"
                + "    with: {ip: \"{{trigger.ip}}\"}\n";
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("ip", address);
        trigger.put("blocked_by_run", run.id());
        trigger.put("blocked_by_step", step.id());
        trigger.put("playbook", playbook.id());
        RunStore.insertRun(h, RunId.random(), run.tenant(), id, playbook.version(), source,
                json(JSON.valueToTree(trigger), Integer.MAX_VALUE), ActionRunner.idempotencyKey(run.id(), step.id()), at, now);
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode context(RunStore.RunRow run, List<StepAttempt> timeline) {
        ObjectNode context = JSON.createObjectNode();
        context.set("trigger", object(run.triggerJson()));
        ObjectNode steps = context.putObject("steps");
        for (StepAttempt a : timeline) {
            if (a.state() == AttemptState.CONFIRMED) {
                steps.putObject(a.stepId()).set("output", a.outputJson().map(PlaybookExecutor::object)
                        .orElseGet(JSON::createObjectNode));
            }
        }
        context.putObject("run").put("id", run.id());
        return context;
    }

    private static ObjectNode object(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private static String json(JsonNode node, int max) {
        String s = node.toString();
        if (s.length() <= max) {
            return s;
        }
        ObjectNode truncated = JSON.createObjectNode();
        truncated.put("truncated", true);
        truncated.put("size", s.length());
        truncated.put("preview", s.substring(0, Math.min(1_000, max / 2)));
        return truncated.toString();
    }

    private interface TxBody {
        boolean run(org.jdbi.v3.core.Handle h);
    }

    private boolean inTx(TxBody body) {
        return db.jdbi().inTransaction(body::run);
    }

    /** One run of the tenant. */
    public Optional<PlaybookRun> run(TenantId tenant, RunId id) {
        return store.find(requireNonNull(tenant, "tenant is null"), requireNonNull(id, "id is null"));
    }

    /** The newest runs of the tenant, at most {@code limit}. */
    public List<PlaybookRun> runs(TenantId tenant, int limit) {
        return store.list(requireNonNull(tenant, "tenant is null"), null, limit);
    }

    /** The newest runs of the tenant in a state, at most {@code limit}. */
    public List<PlaybookRun> runs(TenantId tenant, RunState state, int limit) {
        return store.list(requireNonNull(tenant, "tenant is null"), requireNonNull(state, "state is null"), limit);
    }

    /** The timeline of a run: every attempt of every step, in order; empty when the run is not the tenant's. */
    public List<StepAttempt> timeline(TenantId tenant, RunId id) {
        if (run(tenant, id).isEmpty()) {
            return List.of();
        }
        return store.attempts(id.value());
    }

    /**
     * Cancels a running or waiting run; answers false when it had already ended. A step in flight completes, but the
     * run does not go on.
     */
    public boolean cancel(TenantId tenant, RunId id, String reason) {
        requireNonNull(reason, "reason is null");
        return store.cancel(requireNonNull(tenant, "tenant is null"), requireNonNull(id, "id is null"),
                "cancelled: " + reason, clock.instant());
    }

    /**
     * Records a person's decision on the approval step a run is waiting at; the run goes on at the next {@link
     * #runDue()}.
     *
     * @throws MedsocException with {@link PlaybookErrorCode#NOT_FOUND} when the run is not the tenant's, or {@link
     *     PlaybookErrorCode#INVALID_DECISION} when the run is not waiting at that approval or it was already decided
     */
    public void decide(TenantId tenant, RunId id, String stepId, ApprovalDecision decision, String decidedBy, String reason) {
        requireNonNull(stepId, "stepId is null");
        requireNonNull(decision, "decision is null");
        requireNonNull(decidedBy, "decidedBy is null");
        requireNonNull(reason, "reason is null");
        PlaybookRun run = run(tenant, id).orElseThrow(() -> new MedsocException(PlaybookErrorCode.NOT_FOUND,
                "no playbook run " + id + " for tenant " + tenant));
        List<StepAttempt> timeline = store.attempts(id.value());
        StepAttempt last = timeline.isEmpty() ? null : timeline.get(timeline.size() - 1);
        if (run.state() != RunState.WAITING || last == null || last.state() != AttemptState.WAITING
                || !last.stepId().equals(stepId)) {
            throw new MedsocException(PlaybookErrorCode.INVALID_DECISION, "playbook run " + id + " is not waiting for approval '"
                    + stepId + "' (state " + run.state() + (last == null ? "" : ", last step " + last.stepId()) + ")");
        }
        try {
            db.jdbi().useTransaction(h -> RunStore.insertDecision(h, tenant, id.value(), stepId, decision.name(), decidedBy,
                    reason, clock.instant()));
        } catch (RuntimeException e) {
            MedsocException m = Database.translate(e, "decision on approval '" + stepId + "' of run " + id);
            throw new MedsocException(PlaybookErrorCode.INVALID_DECISION, m.getMessage(), e);
        }
    }

    /** Starts the background worker calling {@link #runDue()} every poll interval; idempotent. */
    public void startWorker() {
        synchronized (workerLock) {
            if (worker != null) {
                return;
            }
            stopping = false;
            worker = Thread.ofPlatform().name("playbook-worker-" + workerId).daemon(true).start(this::loop);
        }
    }

    private void loop() {
        while (!stopping) {
            try {
                runDue();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "playbook worker pass failed; trying again in " + pollInterval, e);
            }
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the background worker (a step in flight is abandoned and redone by the next claimer) and the step threads. */
    @Override
    public void close() {
        Thread t;
        synchronized (workerLock) {
            stopping = true;
            t = worker;
            worker = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        actions.close();
    }

    /** Builds a {@link PlaybookExecutor}. */
    public static final class Builder {
        private final Database db;
        private Clock clock = Clock.systemUTC();
        private @Nullable Notifier notifier;
        private @Nullable EnrichmentPort enrichment;
        private @Nullable FirewallPort firewall;
        private @Nullable EdrPort edr;
        private @Nullable TicketPort tickets;
        private @Nullable IncidentPort incidents;
        private @Nullable HttpClient httpClient;
        private String workerId = defaultWorkerId();
        private Duration lease = Duration.ofMinutes(2);
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration maxRateLimitWait = Duration.ofHours(1);
        private final Map<String, Integer> limits = new LinkedHashMap<>();

        private Builder(Database db) {
            this.db = requireNonNull(db, "db is null");
        }

        private static String defaultWorkerId() {
            return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        }

        /** The clock of every time decision (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /** The notifier of {@code notify} steps. */
        public Builder notifier(Notifier notifier) {
            this.notifier = requireNonNull(notifier, "notifier is null");
            return this;
        }

        /** The port of {@code enrich} steps. */
        public Builder enrichment(EnrichmentPort enrichment) {
            this.enrichment = requireNonNull(enrichment, "enrichment is null");
            return this;
        }

        /** The port of {@code block_ip} and {@code unblock_ip} steps. */
        public Builder firewall(FirewallPort firewall) {
            this.firewall = requireNonNull(firewall, "firewall is null");
            return this;
        }

        /** The port of {@code isolate_host} steps. */
        public Builder edr(EdrPort edr) {
            this.edr = requireNonNull(edr, "edr is null");
            return this;
        }

        /** The port of {@code create_ticket} steps. */
        public Builder tickets(TicketPort tickets) {
            this.tickets = requireNonNull(tickets, "tickets is null");
            return this;
        }

        /** The port of {@code set_incident} steps. */
        public Builder incidents(IncidentPort incidents) {
            this.incidents = requireNonNull(incidents, "incidents is null");
            return this;
        }

        /** The HTTP client of {@code http} steps (default: no redirects, 10 s connect timeout). */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = requireNonNull(httpClient, "httpClient is null");
            return this;
        }

        /** The id recorded on claimed runs (default: process name plus a random suffix); unique per executor. */
        public Builder workerId(String workerId) {
            this.workerId = requireNonNull(workerId, "workerId is null");
            return this;
        }

        /** How long a claim holds beyond the step being executed (default 2 min). */
        public Builder lease(Duration lease) {
            this.lease = positive(lease, "lease");
            return this;
        }

        /** How often the background worker looks for due runs (default 1 s). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive(pollInterval, "pollInterval");
            return this;
        }

        /** The longest a step waits for a rate-limit slot before failing (default 1 h). */
        public Builder maxRateLimitWait(Duration maxRateLimitWait) {
            this.maxRateLimitWait = positive(maxRateLimitWait, "maxRateLimitWait");
            return this;
        }

        /**
         * Limits requests to a target key to {@code perMinute} per minute (a burst of that many, then a steady rate).
         * Keys: {@code firewall:<FirewallPort.target()>}, {@code edr:<target>}, {@code ticket:<target>}, {@code
         * http:<host>[:<port>]}.
         */
        public Builder rateLimit(String key, int perMinute) {
            requireNonNull(key, "key is null");
            if (perMinute < 1) {
                throw new IllegalArgumentException("rate limit of " + key + " must be at least 1 per minute, was " + perMinute);
            }
            limits.put(key, perMinute);
            return this;
        }

        private static Duration positive(Duration d, String name) {
            requireNonNull(d, name + " is null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        /** Applies the {@code playbook} migrations and creates the executor. */
        public PlaybookExecutor build() {
            return new PlaybookExecutor(this);
        }
    }
}
