package org.medsoc.oncall;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.medsoc.database.Database;
import org.medsoc.database.DatabaseErrorCode;
import org.medsoc.notify.DeliveryResult;
import org.medsoc.notify.Language;
import org.medsoc.notify.Notification;
import org.medsoc.notify.NotificationTemplates;
import org.medsoc.notify.Notifier;
import org.medsoc.notify.Severity;
import org.medsoc.notify.TemplateName;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;

/**
 * Durable paging: opens pages with their escalation schedule, sends due notifications through the {@link Notifier},
 * and stops when someone acknowledges or resolves. Everything is in the relational store, so a restarted service
 * (same database) continues where the previous one stopped.
 *
 * <p>A scheduler calls {@link #runDue()} every few seconds; time comes from the injected {@link Clock}.
 */
/*
 * Delivery protocol (at least once, never twice once confirmed):
 *  1. claim: PENDING -> SENDING in one UPDATE that also stores the notification's idempotency id and a lease in
 *     next_attempt_at; only one sender wins the row;
 *  2. send through the notifier, outside any transaction;
 *  3. record: the attempt goes to oncall_delivery and the row to DELIVERED, PENDING (retry) or FAILED, guarded by
 *     state = SENDING and the claimed attempt number.
 * A sender dying between 1 and 3 leaves SENDING with an expired lease: the next pass resends with the same
 * idempotency id (the provider may have it already; it was never confirmed). A DELIVERED row is never claimed again.
 *
 * Deadlines: an OPEN page always has one (a live notification's next_attempt_at, or exhaust_at); PENDING and SENDING
 * rows always have next_attempt_at; every other state is final. Acknowledge/resolve cancel PENDING rows; a SENDING
 * row finishing after that is recorded and, if it failed transiently, cancelled rather than retried.
 */
public final class PagingService {
    private static final System.Logger LOG = System.getLogger(PagingService.class.getName());
    private static final String MODULE = "oncall";
    private static final int BATCH = 100;
    private static final DateTimeFormatter OPENED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Database db;
    private final Notifier notifier;
    private final OnCallDirectory directory;
    private final Clock clock;
    private final PagingConfig config;

    private PagingService(Database db, Notifier notifier, OnCallDirectory directory, Clock clock,
            PagingConfig config) {
        this.db = requireNonNull(db, "db is null");
        this.notifier = requireNonNull(notifier, "notifier is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** A service on a database (migrated here), sending through {@code notifier}, with default retry settings. */
    public static PagingService create(Database db, Notifier notifier, OnCallDirectory directory, Clock clock) {
        return create(db, notifier, directory, clock, PagingConfig.DEFAULT);
    }

    /** A service with explicit retry settings. */
    public static PagingService create(Database db, Notifier notifier, OnCallDirectory directory, Clock clock,
            PagingConfig config) {
        PagingService service = new PagingService(db, notifier, directory, clock, config);
        db.migrate(MODULE);
        return service;
    }

    /**
     * Opens a page for an incident with the escalation schedule of the tenant's current roster and policy, or answers
     * the live (OPEN or ACKNOWLEDGED) page the incident already has. Nothing is sent here: the next
     * {@link #runDue()} sends what is due (level 1 at once unless held by quiet hours).
     *
     * @throws MedsocException with {@link OnCallErrorCode#TENANT_NOT_CONFIGURED} if the tenant has no setup
     */
    public PageResult page(Page page) {
        requireNonNull(page, "page is null");
        TenantId tenant = page.tenant();
        Optional<PageRecord> live = findLive(tenant, page.incidentId());
        if (live.isPresent()) {
            return new PageResult(live.get(), false);
        }
        TenantOnCall setup = directory.require(tenant);
        Instant now = Sql.millis(clock.instant());
        List<Contact> chain = directory.onDuty(tenant, now);
        Planner.Plan plan = Planner.plan(page.severity(), setup, chain, now);
        if (chain.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "nobody is on duty for tenant " + tenant + " at " + now
                    + "; page for incident " + page.incidentId() + " reaches nobody and is exhausted at once");
        }
        long id;
        try {
            id = db.jdbi().inTransaction(h -> insert(h, page, plan, now));
        } catch (RuntimeException e) {
            MedsocException m = Database.translate(e, "live page for incident " + page.incidentId());
            if (m.errorCode().equals(DatabaseErrorCode.DUPLICATE_KEY.toErrorCode())) {
                // a concurrent call opened it first
                return new PageResult(findLive(tenant, page.incidentId()).orElseThrow(() -> m), false);
            }
            throw m;
        }
        return new PageResult(require(tenant, id), true);
    }

    private static long insert(Handle h, Page page, Planner.Plan plan, Instant now) {
        long id = h.createUpdate("""
                        INSERT INTO oncall_page (tenant_id, incident_id, open_key, title, summary, severity, link,
                            response_due, resolution_due, state, created_at, exhaust_at, protection, version)
                        VALUES (:t, :incident, :incident, :title, :summary, :severity, :link, :responseDue,
                            :resolutionDue, 'OPEN', :now, :exhaustAt, :protection, 1)""")
                .bind("t", page.tenant().value())
                .bind("incident", page.incidentId())
                .bind("title", Sql.clip(page.title(), 500))
                .bind("summary", Sql.clip(page.summary(), 4000))
                .bind("severity", page.severity().name())
                .bind("link", page.link().map(URI::toString).orElse(null))
                .bind("responseDue", Sql.at(page.responseDue().orElse(null)))
                .bind("resolutionDue", Sql.at(page.resolutionDue().orElse(null)))
                .bind("now", Sql.at(now))
                .bind("exhaustAt", Sql.at(plan.exhaustAt()))
                .bind("protection", plan.protection().map(ProtectionWindow::reason).orElse(null))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        for (Planner.Planned n : plan.notifications()) {
            long nid = h.createUpdate("""
                            INSERT INTO oncall_notification (tenant_id, page_id, level_no, round_no, contact_id,
                                contact_name, lang, channel, address, due_at, held_until, state, attempts,
                                next_attempt_at)
                            VALUES (:t, :page, :level, :round, :contact, :name, :lang, :channel, :address, :due,
                                :held, 'PENDING', 0, :due)""")
                    .bind("t", page.tenant().value())
                    .bind("page", id)
                    .bind("level", n.level())
                    .bind("round", n.round())
                    .bind("contact", n.contact().id())
                    .bind("name", Sql.clip(n.contact().name(), 200))
                    .bind("lang", n.contact().language().name())
                    .bind("channel", n.channel().channel())
                    .bind("address", Sql.clip(n.channel().address(), 500))
                    .bind("due", Sql.at(n.due()))
                    .bind("held", Sql.at(n.heldUntil().orElse(null)))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            if (n.heldUntil().isPresent()) {
                log(h, page.tenant(), id, nid, n.level(), n.contact().id(), n.channel().channel(), 0,
                        DeliveryOutcome.HELD, "held by quiet hours until " + n.heldUntil().get(), null, null, now);
            }
        }
        return id;
    }

    /**
     * Stops a page's escalation: OPEN (or EXHAUSTED, a late answer) becomes ACKNOWLEDGED and pending notifications
     * are cancelled. Acknowledging an acknowledged page changes nothing.
     *
     * @throws MedsocException with {@link OnCallErrorCode#PAGE_NOT_FOUND}, or {@link OnCallErrorCode#INVALID_TRANSITION}
     *     for a resolved page
     */
    public PageRecord acknowledge(TenantId tenant, long pageId, String who) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(who, "who is null");
        Instant now = Sql.millis(clock.instant());
        for (int attempt = 0; attempt < 3; attempt++) {
            PageRecord page = require(tenant, pageId);
            int changed = switch (page.state()) {
                case ACKNOWLEDGED -> {
                    yield -1;
                }
                case RESOLVED -> throw new MedsocException(OnCallErrorCode.INVALID_TRANSITION, "page " + pageId
                        + " was resolved" + page.resolvedBy().map(b -> " by " + b).orElse("")
                        + "; there is nothing to acknowledge");
                case OPEN, EXHAUSTED -> db.jdbi().inTransaction(h -> {
                    int n = h.createUpdate("""
                                    UPDATE oncall_page SET state = 'ACKNOWLEDGED', acknowledged_by = :who,
                                        acknowledged_at = :now, version = version + 1
                                    WHERE tenant_id = :t AND id = :id AND state = :expected""")
                            .bind("who", Sql.clip(who, 200))
                            .bind("now", Sql.at(now))
                            .bind("t", tenant.value())
                            .bind("id", pageId)
                            .bind("expected", page.state().name())
                            .execute();
                    if (n == 1) {
                        cancelPending(h, tenant, pageId, now);
                    }
                    return n;
                });
            };
            if (changed != 0) {
                return require(tenant, pageId);
            }
        }
        throw new MedsocException(DatabaseErrorCode.CONCURRENT_MODIFICATION,
                "page " + pageId + " kept changing while being acknowledged; try again");
    }

    /**
     * Ends a page: any state but RESOLVED becomes RESOLVED, pending notifications are cancelled, and a new page may
     * be opened for the incident. Resolving a resolved page changes nothing.
     *
     * @throws MedsocException with {@link OnCallErrorCode#PAGE_NOT_FOUND}
     */
    public PageRecord resolve(TenantId tenant, long pageId, String who) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(who, "who is null");
        Instant now = Sql.millis(clock.instant());
        for (int attempt = 0; attempt < 3; attempt++) {
            PageRecord page = require(tenant, pageId);
            if (page.state() == PageState.RESOLVED) {
                return page;
            }
            int changed = db.jdbi().inTransaction(h -> {
                int n = h.createUpdate("""
                                UPDATE oncall_page SET state = 'RESOLVED', open_key = NULL, resolved_by = :who,
                                    resolved_at = :now, version = version + 1
                                WHERE tenant_id = :t AND id = :id AND state = :expected""")
                        .bind("who", Sql.clip(who, 200))
                        .bind("now", Sql.at(now))
                        .bind("t", tenant.value())
                        .bind("id", pageId)
                        .bind("expected", page.state().name())
                        .execute();
                if (n == 1) {
                    cancelPending(h, tenant, pageId, now);
                }
                return n;
            });
            if (changed == 1) {
                return require(tenant, pageId);
            }
        }
        throw new MedsocException(DatabaseErrorCode.CONCURRENT_MODIFICATION,
                "page " + pageId + " kept changing while being resolved; try again");
    }

    private static void cancelPending(Handle h, TenantId tenant, long pageId, Instant now) {
        h.createUpdate("""
                        UPDATE oncall_notification SET state = 'CANCELLED', next_attempt_at = NULL, finished_at = :now
                        WHERE tenant_id = :t AND page_id = :id AND state = 'PENDING'""")
                .bind("now", Sql.at(now))
                .bind("t", tenant.value())
                .bind("id", pageId)
                .execute();
    }

    /** A page by id. */
    public Optional<PageRecord> find(TenantId tenant, long pageId) {
        requireNonNull(tenant, "tenant is null");
        return db.jdbi().withHandle(h -> h.createQuery(PAGE_SELECT + " WHERE p.tenant_id = :t AND p.id = :id")
                .bind("t", tenant.value())
                .bind("id", pageId)
                .map((rs, ctx) -> page(rs))
                .findOne());
    }

    /** The live (OPEN or ACKNOWLEDGED) page of an incident, if any. */
    public Optional<PageRecord> findLive(TenantId tenant, String incidentId) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(incidentId, "incidentId is null");
        return db.jdbi().withHandle(h -> h.createQuery(PAGE_SELECT + " WHERE p.tenant_id = :t AND p.open_key = :k")
                .bind("t", tenant.value())
                .bind("k", incidentId)
                .map((rs, ctx) -> page(rs))
                .findOne());
    }

    /**
     * The tenant's pages, newest first: every live (OPEN or ACKNOWLEDGED) page, then the most recent finished ones,
     * {@code limit} in all.
     */
    public List<PageRecord> recent(TenantId tenant, int limit) {
        requireNonNull(tenant, "tenant is null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return db.jdbi().withHandle(h -> h.createQuery(PAGE_SELECT + " WHERE p.tenant_id = :t "
                        + "ORDER BY CASE WHEN p.open_key IS NULL THEN 1 ELSE 0 END, p.id DESC LIMIT :n")
                .bind("t", tenant.value())
                .bind("n", limit)
                .map((rs, ctx) -> page(rs))
                .list());
    }

    /** Every page of an incident, newest first. */
    public List<PageRecord> pagesOf(TenantId tenant, String incidentId) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(incidentId, "incidentId is null");
        return db.jdbi().withHandle(h -> h.createQuery(
                        PAGE_SELECT + " WHERE p.tenant_id = :t AND p.incident_id = :k ORDER BY p.id DESC")
                .bind("t", tenant.value())
                .bind("k", incidentId)
                .map((rs, ctx) -> page(rs))
                .list());
    }

    /** A page's escalation schedule, in due order. */
    public List<ScheduledNotification> schedule(TenantId tenant, long pageId) {
        requireNonNull(tenant, "tenant is null");
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT * FROM oncall_notification WHERE tenant_id = :t AND page_id = :id
                        ORDER BY due_at, level_no, round_no, id""")
                .bind("t", tenant.value())
                .bind("id", pageId)
                .map((rs, ctx) -> notification(rs))
                .list());
    }

    /** A page's delivery log, oldest first: every attempt with who, channel, outcome and time, and every hold. */
    public List<DeliveryAttempt> deliveries(TenantId tenant, long pageId) {
        requireNonNull(tenant, "tenant is null");
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT * FROM oncall_delivery WHERE tenant_id = :t AND page_id = :id ORDER BY id")
                .bind("t", tenant.value())
                .bind("id", pageId)
                .map((rs, ctx) -> new DeliveryAttempt(
                        rs.getLong("page_id"),
                        rs.getLong("notification_id"),
                        rs.getInt("level_no"),
                        rs.getString("contact_id"),
                        rs.getString("channel"),
                        rs.getInt("attempt"),
                        DeliveryOutcome.valueOf(rs.getString("outcome")),
                        rs.getString("detail"),
                        Optional.ofNullable(rs.getObject("retry_after_ms", Long.class)).map(Duration::ofMillis),
                        Sql.optionalString(rs, "idempotency_id"),
                        Sql.instant(rs, "attempted_at")))
                .list());
    }

    /** {@link #runDue(Instant)} at the clock's current instant. */
    public RunReport runDue() {
        return runDue(clock.instant());
    }

    /**
     * Sends every notification due at {@code now} (of every tenant: this is the scheduler's sweep), records each
     * attempt, schedules retries, moves to the next level when a level failed for good, and exhausts pages whose
     * schedule ran out. Safe to run concurrently with itself on several nodes: each notification is claimed once.
     */
    public RunReport runDue(Instant now) {
        requireNonNull(now, "now is null");
        Instant at = Sql.millis(now);
        int[] counts = new int[5];
        Set<Long> seen = new HashSet<>();
        while (true) {
            List<Long> due = db.jdbi().withHandle(h -> h.createQuery("""
                            SELECT id FROM oncall_notification
                            WHERE state IN ('PENDING', 'SENDING') AND next_attempt_at <= :now
                            ORDER BY next_attempt_at, id""")
                    .bind("now", Sql.at(at))
                    .setMaxRows(BATCH)
                    .mapTo(Long.class)
                    .list());
            boolean progressed = false;
            for (long id : due) {
                if (seen.add(id)) {
                    progressed = true;
                    process(id, at, counts);
                }
            }
            if (!progressed) {
                break;
            }
        }
        counts[4] = exhaust(at);
        return new RunReport(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    private record Due(
            TenantId tenant,
            long id,
            long pageId,
            PageState pageState,
            int level,
            int round,
            String contactName,
            Language language,
            String channel,
            String address,
            int attempts,
            Optional<String> idempotencyId,
            String incidentId,
            String title,
            String summary,
            Severity severity,
            Optional<String> link,
            Instant createdAt,
            String contactId) {}

    private void process(long id, Instant now, int[] counts) {
        Optional<Due> loaded = db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT n.*, p.state AS page_state, p.incident_id, p.title, p.summary, p.severity, p.link,
                            p.created_at
                        FROM oncall_notification n JOIN oncall_page p ON p.id = n.page_id AND p.tenant_id = n.tenant_id
                        WHERE n.id = :id""")
                .bind("id", id)
                .map((rs, ctx) -> new Due(
                        TenantId.of(rs.getString("tenant_id")),
                        rs.getLong("id"),
                        rs.getLong("page_id"),
                        PageState.valueOf(rs.getString("page_state")),
                        rs.getInt("level_no"),
                        rs.getInt("round_no"),
                        rs.getString("contact_name"),
                        Language.valueOf(rs.getString("lang")),
                        rs.getString("channel"),
                        rs.getString("address"),
                        rs.getInt("attempts"),
                        Sql.optionalString(rs, "idempotency_id"),
                        rs.getString("incident_id"),
                        rs.getString("title"),
                        rs.getString("summary"),
                        Severity.valueOf(rs.getString("severity")),
                        Sql.optionalString(rs, "link"),
                        Sql.instant(rs, "created_at"),
                        rs.getString("contact_id")))
                .findOne());
        if (loaded.isEmpty()) {
            return;
        }
        Due due = loaded.get();
        if (due.pageState() != PageState.OPEN) {
            int n = db.jdbi().withHandle(h -> h.createUpdate("""
                            UPDATE oncall_notification SET state = 'CANCELLED', next_attempt_at = NULL,
                                finished_at = :now
                            WHERE id = :id AND state IN ('PENDING', 'SENDING') AND next_attempt_at <= :now""")
                    .bind("now", Sql.at(now))
                    .bind("id", id)
                    .execute());
            counts[3] += n;
            return;
        }
        Notification notification = render(due);
        String idempotencyId = due.idempotencyId().orElse(notification.idempotencyId());
        int attempt = due.attempts() + 1;
        int claimed = db.jdbi().withHandle(h -> h.createUpdate("""
                        UPDATE oncall_notification SET state = 'SENDING', attempts = :attempt,
                            next_attempt_at = :lease, idempotency_id = :idem
                        WHERE id = :id AND state IN ('PENDING', 'SENDING') AND attempts = :previous
                            AND next_attempt_at <= :now""")
                .bind("attempt", attempt)
                .bind("lease", Sql.at(now.plus(config.sendLease())))
                .bind("idem", idempotencyId)
                .bind("id", id)
                .bind("previous", due.attempts())
                .bind("now", Sql.at(now))
                .execute());
        if (claimed != 1) {
            return; // another sender has it
        }
        DeliveryResult result;
        try {
            result = notifier.send(due.channel(), notification);
        } catch (MedsocException e) {
            result = DeliveryResult.permanentFailure(e.getMessage());
        }
        DeliveryResult outcome = result;
        db.jdbi().useTransaction(h -> record(h, due, attempt, idempotencyId, outcome, now, counts));
    }

    private void record(Handle h, Due due, int attempt, String idempotencyId, DeliveryResult result, Instant now,
            int[] counts) {
        PageState pageState = h.createQuery("SELECT state FROM oncall_page WHERE id = :id")
                .bind("id", due.pageId())
                .mapTo(String.class)
                .findOne()
                .map(PageState::valueOf)
                .orElse(PageState.RESOLVED);
        String newState;
        @Nullable Instant next = null;
        String detail;
        @Nullable Long retryAfterMillis = null;
        DeliveryOutcome outcome;
        switch (result) {
            case DeliveryResult.Delivered d -> {
                newState = "DELIVERED";
                outcome = DeliveryOutcome.DELIVERED;
                detail = d.providerMessageId().map(m -> "accepted, provider id " + m).orElse("accepted");
                counts[0]++;
            }
            case DeliveryResult.TransientFailure t -> {
                outcome = DeliveryOutcome.TRANSIENT_FAILURE;
                retryAfterMillis = t.retryAfter().map(Duration::toMillis).orElse(null);
                if (attempt >= config.maxAttempts()) {
                    newState = "FAILED";
                    detail = t.reason() + "; giving up after " + attempt + " attempts";
                    counts[2]++;
                } else if (pageState != PageState.OPEN) {
                    newState = "CANCELLED";
                    detail = t.reason() + "; not retried, the page is " + pageState;
                    counts[3]++;
                } else {
                    newState = "PENDING";
                    next = now.plus(config.backoff(attempt, t.retryAfter()));
                    detail = t.reason() + "; retry at " + next;
                    counts[1]++;
                }
            }
            case DeliveryResult.PermanentFailure p -> {
                newState = "FAILED";
                outcome = DeliveryOutcome.PERMANENT_FAILURE;
                detail = p.reason();
                counts[2]++;
            }
        }
        h.createUpdate("""
                        UPDATE oncall_notification SET state = :state, next_attempt_at = :next,
                            finished_at = :finished
                        WHERE id = :id AND state = 'SENDING' AND attempts = :attempt""")
                .bind("state", newState)
                .bind("next", Sql.at(next))
                .bind("finished", Sql.at(next == null ? now : null))
                .bind("id", due.id())
                .bind("attempt", attempt)
                .execute();
        log(h, due.tenant(), due.pageId(), due.id(), due.level(), due.contactId(), due.channel(), attempt, outcome,
                detail, retryAfterMillis, idempotencyId, now);
        if (newState.equals("FAILED") && pageState == PageState.OPEN) {
            escalateEarly(h, due, now);
        }
    }

    /** When every notification of the level failed for good, the next level falls due now. */
    private static void escalateEarly(Handle h, Due due, Instant now) {
        int alive = h.createQuery("""
                        SELECT COUNT(*) FROM oncall_notification
                        WHERE page_id = :page AND level_no = :level AND round_no = :round AND state <> 'FAILED'""")
                .bind("page", due.pageId())
                .bind("level", due.level())
                .bind("round", due.round())
                .mapTo(Integer.class)
                .one();
        if (alive > 0) {
            return;
        }
        int moved = h.createUpdate("""
                        UPDATE oncall_notification SET due_at = :now, next_attempt_at = :now
                        WHERE page_id = :page AND state = 'PENDING' AND attempts = 0 AND held_until IS NULL
                            AND round_no = 0 AND next_attempt_at > :now
                            AND level_no = (SELECT MIN(level_no) FROM oncall_notification
                                            WHERE page_id = :page AND level_no > :level AND round_no = 0)""")
                .bind("now", Sql.at(now))
                .bind("page", due.pageId())
                .bind("level", due.level())
                .execute();
        if (moved > 0) {
            LOG.log(System.Logger.Level.INFO, "page " + due.pageId() + " of tenant " + due.tenant() + ": level "
                    + due.level() + " failed on every channel; notifying the next level now");
        }
    }

    private int exhaust(Instant now) {
        List<Long> ids = db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT p.id FROM oncall_page p
                        WHERE p.state = 'OPEN' AND p.exhaust_at <= :now AND NOT EXISTS (
                            SELECT 1 FROM oncall_notification n
                            WHERE n.page_id = p.id AND n.state IN ('PENDING', 'SENDING'))""")
                .bind("now", Sql.at(now))
                .mapTo(Long.class)
                .list());
        int exhausted = 0;
        for (long id : ids) {
            int n = db.jdbi().withHandle(h -> h.createUpdate("""
                            UPDATE oncall_page SET state = 'EXHAUSTED', open_key = NULL, exhausted_at = :now,
                                version = version + 1
                            WHERE id = :id AND state = 'OPEN'""")
                    .bind("now", Sql.at(now))
                    .bind("id", id)
                    .execute());
            if (n == 1) {
                exhausted++;
                LOG.log(System.Logger.Level.WARNING, "page " + id + " exhausted: nobody acknowledged it");
            }
        }
        return exhausted;
    }

    private Notification render(Due due) {
        Language lang = due.language();
        ZoneId zone = directory.find(due.tenant()).map(s -> s.roster().zone()).orElse(ZoneOffset.UTC);
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("incident.id", due.incidentId());
        vars.put("incident.title", due.title());
        vars.put("incident.summary", due.summary());
        vars.put("incident.source", "medsoc");
        vars.put("incident.assets", "-");
        vars.put("incident.opened-at", OPENED_AT.format(due.createdAt().atZone(zone)));
        due.link().ifPresent(l -> vars.put("link", l));
        vars.put("escalation.level", due.level());
        vars.put("escalation.to", due.contactName());
        boolean first = due.level() == 1 && due.round() == 0;
        vars.put("escalation.reason", reason(lang, due.level(), due.round()));
        String dedupeKey = "oncall/page/" + due.pageId() + "/notification/" + due.id();
        Notification base = NotificationTemplates.render(
                first ? TemplateName.INCIDENT_OPENED : TemplateName.ESCALATION,
                lang, due.tenant(), due.severity(), dedupeKey, vars);
        String to = switch (lang) {
            case ZH -> "通知对象：" + due.contactName() + "（" + due.address() + "）";
            case EN -> "To: " + due.contactName() + " (" + due.address() + ")";
        };
        Map<String, String> attributes = new LinkedHashMap<>(base.attributes());
        attributes.put("recipient", due.address());
        attributes.put("recipient-name", due.contactName());
        attributes.put("page-id", Long.toString(due.pageId()));
        attributes.put("escalation-level", Integer.toString(due.level()));
        return new Notification(
                base.tenant(),
                base.severity(),
                base.title(),
                base.text() + "\n\n" + to,
                base.markdown() + "\n\n" + to,
                base.html().map(html -> html + "<p>" + escapeHtml(to) + "</p>"),
                base.link(),
                lang,
                base.dedupeKey(),
                attributes);
    }

    private static String reason(Language lang, int level, int round) {
        if (round > 0) {
            return switch (lang) {
                case ZH -> "第 " + round + " 次重复提醒：仍无人确认";
                case EN -> "reminder " + round + ": still not acknowledged";
            };
        }
        if (level == 1) {
            return switch (lang) {
                case ZH -> "新事件，请值班人员响应";
                case EN -> "new incident for the on-duty engineer";
            };
        }
        return switch (lang) {
            case ZH -> "第 " + (level - 1) + " 级无人确认";
            case EN -> "nobody acknowledged at level " + (level - 1);
        };
    }

    private static String escapeHtml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static void log(Handle h, TenantId tenant, long pageId, long notificationId, int level, String contactId,
            String channel, int attempt, DeliveryOutcome outcome, String detail, @Nullable Long retryAfterMillis,
            @Nullable String idempotencyId, Instant at) {
        h.createUpdate("""
                        INSERT INTO oncall_delivery (tenant_id, page_id, notification_id, level_no, contact_id, channel,
                            attempt, outcome, detail, retry_after_ms, idempotency_id, attempted_at)
                        VALUES (:t, :page, :n, :level, :contact, :channel, :attempt, :outcome, :detail, :retry,
                            :idem, :at)""")
                .bind("t", tenant.value())
                .bind("page", pageId)
                .bind("n", notificationId)
                .bind("level", level)
                .bind("contact", contactId)
                .bind("channel", channel)
                .bind("attempt", attempt)
                .bind("outcome", outcome.name())
                .bind("detail", Sql.clip(detail, 2000))
                .bind("retry", retryAfterMillis)
                .bind("idem", idempotencyId)
                .bind("at", Sql.at(at))
                .execute();
    }

    private PageRecord require(TenantId tenant, long pageId) {
        return find(tenant, pageId).orElseThrow(() -> new MedsocException(OnCallErrorCode.PAGE_NOT_FOUND,
                "tenant " + tenant + " has no page " + pageId));
    }

    private static final String PAGE_SELECT = """
            SELECT p.*, (SELECT MIN(n.next_attempt_at) FROM oncall_notification n
                         WHERE n.page_id = p.id AND n.state IN ('PENDING', 'SENDING')) AS next_live
            FROM oncall_page p""";

    private static PageRecord page(ResultSet rs) throws SQLException {
        PageState state = PageState.valueOf(rs.getString("state"));
        Optional<Instant> deadline = state == PageState.OPEN
                ? Optional.of(Sql.optionalInstant(rs, "next_live").orElse(Sql.instant(rs, "exhaust_at")))
                : Optional.empty();
        return new PageRecord(
                TenantId.of(rs.getString("tenant_id")),
                rs.getLong("id"),
                rs.getString("incident_id"),
                rs.getString("title"),
                Severity.valueOf(rs.getString("severity")),
                Sql.optionalString(rs, "link").map(URI::create),
                state,
                Sql.instant(rs, "created_at"),
                deadline,
                Sql.optionalString(rs, "protection"),
                Sql.optionalString(rs, "acknowledged_by"),
                Sql.optionalInstant(rs, "acknowledged_at"),
                Sql.optionalString(rs, "resolved_by"),
                Sql.optionalInstant(rs, "resolved_at"),
                Sql.optionalInstant(rs, "exhausted_at"),
                rs.getLong("version"));
    }

    private static ScheduledNotification notification(ResultSet rs) throws SQLException {
        return new ScheduledNotification(
                rs.getLong("id"),
                rs.getLong("page_id"),
                rs.getInt("level_no"),
                rs.getInt("round_no"),
                rs.getString("contact_id"),
                rs.getString("contact_name"),
                rs.getString("channel"),
                rs.getString("address"),
                Sql.instant(rs, "due_at"),
                Sql.optionalInstant(rs, "held_until"),
                NotificationState.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                Sql.optionalInstant(rs, "next_attempt_at"),
                Sql.optionalString(rs, "idempotency_id"));
    }
}
