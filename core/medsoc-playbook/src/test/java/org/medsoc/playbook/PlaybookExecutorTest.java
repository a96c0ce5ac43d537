package org.medsoc.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medsoc.database.Database;
import org.medsoc.database.Dialect;
import org.medsoc.notify.Notifier;
import org.medsoc.notify.Timeouts;
import org.medsoc.notify.WebhookChannel;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.event.TenantId;
import org.medsoc.testing.database.TestDatabases;
import org.medsoc.testing.MutableClock;

class PlaybookExecutorTest {
    private static final TenantId TENANT = TenantId.of("hospital-a");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final RecordingFirewall firewall = new RecordingFirewall();
    private LoopbackServer server;
    private Database db;
    private Notifier notifier;
    private PlaybookExecutor executor;

    private PlaybookExecutor open(Dialect dialect) throws Exception {
        return open(dialect, b -> {});
    }

    private PlaybookExecutor open(Dialect dialect, java.util.function.Consumer<PlaybookExecutor.Builder> config)
            throws Exception {
        server = new LoopbackServer();
        db = TestDatabases.open(dialect, dir);
        notifier = Notifier.builder()
                .channel(WebhookChannel.create("oncall", new WebhookChannel.Config(URI.create(server.base() + "/webhook"),
                        Optional.empty(), Map.of(), Timeouts.DEFAULT, Optional.empty()), clock))
                .build();
        PlaybookExecutor.Builder b = PlaybookExecutor.builder(db).clock(clock).notifier(notifier).firewall(firewall)
                .workerId("test-worker");
        config.accept(b);
        executor = b.build();
        return executor;
    }

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
        if (notifier != null) {
            notifier.close();
        }
        if (db != null) {
            db.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private RunState state(RunId id) {
        return executor.run(TENANT, id).orElseThrow().state();
    }

    private List<String> timeline(RunId id) {
        return executor.timeline(TENANT, id).stream().map(a -> a.stepId() + "#" + a.attempt() + ":" + a.state()).toList();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void runsNotifyAndHttpStepsAgainstALoopbackServer(Dialect dialect) throws Exception {
        open(dialect);
        server.script("/cases", new LoopbackServer.Response(201, Map.of(), "{\"case_id\":\"C-77\"}"));
        Playbook p = Resources.playbook("playbooks/run/notify-http.yml");
        RunId id = executor.start(TENANT, p, Map.of("base", server.base(),
                "incident", Map.of("id", "INC-9", "title", "PACS 勒索软件"),
                "source", Map.of("ip", "10.20.30.40"), "host", Map.of("name", "pacs-01")));

        assertThat(executor.runDue()).isEqualTo(1);

        assertThat(state(id)).isEqualTo(RunState.SUCCEEDED);
        assertThat(timeline(id)).containsExactly("page#1:CONFIRMED", "report#1:CONFIRMED", "followup#1:CONFIRMED");
        assertThat(server.requests()).extracting(LoopbackServer.Request::path)
                .containsExactly("/webhook", "/cases", "/cases/C-77");

        JsonNode webhook = JSON.readTree(server.requests("/webhook").get(0).body());
        assertThat(webhook.path("title").asText()).isEqualTo("Incident INC-9: PACS 勒索软件");
        assertThat(webhook.path("text").asText()).isEqualTo("Source 10.20.30.40 on pacs-01");
        assertThat(webhook.path("severity").asText()).isEqualTo("high");
        assertThat(webhook.path("dedupeKey").asText()).isEqualTo(id + ":page");
        String notificationId = JSON.readTree(executor.timeline(TENANT, id).get(0).outputJson().orElseThrow())
                .path("idempotency_id").asText();
        assertThat(server.requests("/webhook").get(0).header("Idempotency-Key")).isEqualTo(notificationId).hasSize(32);

        LoopbackServer.Request report = server.requests("/cases").get(0);
        assertThat(report.method()).isEqualTo("POST");
        assertThat(report.header("X-Api-Key")).isEqualTo("k-123");
        assertThat(report.header("Content-Type")).startsWith("application/json");
        assertThat(report.header("Idempotency-Key")).isEqualTo(id + ":report");
        assertThat(JSON.readTree(report.body())).isEqualTo(JSON.readTree(
                "{\"incident\":\"INC-9\",\"notified\":\"oncall\",\"hosts\":[\"pacs-01\"]}"));
        LoopbackServer.Request followup = server.requests("/cases/C-77").get(0);
        assertThat(followup.method()).isEqualTo("PUT");
        assertThat(JSON.readTree(followup.body())).isEqualTo(JSON.readTree("{\"state\":\"acknowledged\"}"));

        StepAttempt reportAttempt = executor.timeline(TENANT, id).get(1);
        assertThat(JSON.readTree(reportAttempt.outputJson().orElseThrow()))
                .isEqualTo(JSON.readTree("{\"status\":201,\"body\":{\"case_id\":\"C-77\"}}"));
        assertThat(executor.timeline(TenantId.of("hospital-b"), id)).as("other tenant").isEmpty();
        assertThat(executor.runDue()).as("nothing left").isZero();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void retriesTransientFailuresAfterTheBackoff(Dialect dialect) throws Exception {
        open(dialect);
        server.script("/hook", LoopbackServer.Response.of(500), LoopbackServer.Response.of(200));
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/http-retry.yml"),
                Map.of("base", server.base(), "n", 1));

        executor.runDue();
        assertThat(state(id)).isEqualTo(RunState.WAITING);
        assertThat(executor.run(TENANT, id).orElseThrow().wakeAt()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(timeline(id)).containsExactly("call#1:RETRYABLE");
        assertThat(executor.timeline(TENANT, id).get(0).error().orElseThrow()).contains("HTTP 500");

        clock.advance(Duration.ofSeconds(9));
        executor.runDue();
        assertThat(server.requests("/hook")).as("not before the backoff").hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        executor.runDue();
        assertThat(state(id)).isEqualTo(RunState.SUCCEEDED);
        assertThat(timeline(id)).containsExactly("call#1:RETRYABLE", "call#2:CONFIRMED");
        List<LoopbackServer.Request> calls = server.requests("/hook");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).header("Idempotency-Key")).isEqualTo(calls.get(0).header("Idempotency-Key"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void failsAtOnceOnAClientError(Dialect dialect) throws Exception {
        open(dialect);
        server.script("/hook", LoopbackServer.Response.of(400));
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/http-retry.yml"),
                Map.of("base", server.base(), "n", 1));

        executor.runDue();
        clock.advance(Duration.ofHours(1));
        executor.runDue();

        PlaybookRun run = executor.run(TENANT, id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error().orElseThrow()).contains("step 'call' failed").contains("HTTP 400");
        assertThat(timeline(id)).containsExactly("call#1:FAILED");
        assertThat(server.requests("/hook")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void givesUpAfterTheLastAttempt(Dialect dialect) throws Exception {
        open(dialect);
        server.script("/hook", LoopbackServer.Response.of(503));
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/http-retry.yml"),
                Map.of("base", server.base(), "n", 1));
        for (int i = 0; i < 5; i++) {
            executor.runDue();
            clock.advance(Duration.ofMinutes(1));
        }
        PlaybookRun run = executor.run(TENANT, id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error().orElseThrow()).contains("failed after 3 attempt(s)").contains("HTTP 503");
        assertThat(server.requests("/hook")).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void honoursRetryAfter(Dialect dialect) throws Exception {
        open(dialect);
        server.script("/hook", new LoopbackServer.Response(429, Map.of("Retry-After", "120"), "slow down"),
                LoopbackServer.Response.of(200));
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/http-retry.yml"),
                Map.of("base", server.base(), "n", 1));

        executor.runDue();
        assertThat(executor.run(TENANT, id).orElseThrow().wakeAt()).isEqualTo(clock.instant().plusSeconds(120));
        clock.advance(Duration.ofSeconds(60));
        executor.runDue();
        assertThat(server.requests("/hook")).as("backoff is 10s, but Retry-After says 120s").hasSize(1);
        clock.advance(Duration.ofSeconds(60));
        executor.runDue();
        assertThat(server.requests("/hook")).hasSize(2);
        assertThat(state(id)).isEqualTo(RunState.SUCCEEDED);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void approvedRunsGoOn(Dialect dialect) throws Exception {
        open(dialect);
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/approval.yml"),
                Map.of("base", server.base(), "host", "pacs-01"));
        executor.runDue();
        assertThat(state(id)).isEqualTo(RunState.WAITING);
        StepAttempt waiting = executor.timeline(TENANT, id).get(0);
        assertThat(waiting.state()).isEqualTo(AttemptState.WAITING);
        assertThat(waiting.wakeAt()).contains(clock.instant().plus(Duration.ofHours(1)));
        assertThat(JSON.readTree(waiting.outputJson().orElseThrow()).path("prompt").asText()).isEqualTo("Isolate pacs-01?");
        assertThatThrownBy(() -> executor.decide(TENANT, id, "call", ApprovalDecision.APPROVE, "dr.wang", "ok"))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(PlaybookErrorCode.INVALID_DECISION.toErrorCode()));

        clock.advance(Duration.ofMinutes(5));
        executor.decide(TENANT, id, "ask", ApprovalDecision.APPROVE, "dr.wang", "confirmed with radiology");
        assertThatThrownBy(() -> executor.decide(TENANT, id, "ask", ApprovalDecision.REJECT, "someone", "late"))
                .isInstanceOf(MedsocException.class);
        executor.runDue();

        assertThat(state(id)).isEqualTo(RunState.SUCCEEDED);
        assertThat(timeline(id)).containsExactly("ask#1:CONFIRMED", "call#1:CONFIRMED");
        assertThat(JSON.readTree(server.requests("/after-approval").get(0).body()))
                .isEqualTo(JSON.readTree("{\"decision\":\"approved\",\"by\":\"dr.wang\"}"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void rejectedRunsStop(Dialect dialect) throws Exception {
        open(dialect);
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/approval.yml"),
                Map.of("base", server.base(), "host", "pacs-01"));
        executor.runDue();
        executor.decide(TENANT, id, "ask", ApprovalDecision.REJECT, "dr.li", "scan in progress");
        executor.runDue();

        PlaybookRun run = executor.run(TENANT, id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
        assertThat(run.error().orElseThrow()).isEqualTo("approval 'ask' rejected by dr.li: scan in progress");
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void approvalsWithoutADecisionTakeTheDeadlineOutcome(Dialect dialect) throws Exception {
        open(dialect);
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/approval.yml"),
                Map.of("base", server.base(), "host", "pacs-01"));
        executor.runDue();
        clock.advance(Duration.ofMinutes(59));
        executor.runDue();
        assertThat(state(id)).isEqualTo(RunState.WAITING);
        clock.advance(Duration.ofMinutes(1));
        executor.runDue();

        PlaybookRun run = executor.run(TENANT, id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error().orElseThrow()).contains("approval 'ask'").contains("on_deadline is fail");
        assertThat(timeline(id)).containsExactly("ask#1:FAILED");
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void liftsAnExpiringBlockAutomatically(Dialect dialect) throws Exception {
        open(dialect);
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/block-expiring.yml"), Map.of("ip", "203.0.113.7"));
        executor.runDue();
        assertThat(state(id)).isEqualTo(RunState.SUCCEEDED);
        assertThat(firewall.blocked()).containsExactly("203.0.113.7");
        List<PlaybookRun> runs = executor.runs(TENANT, 10);
        PlaybookRun unblock = runs.stream().filter(r -> r.playbookId().equals("block-attacker.auto-unblock"))
                .findFirst().orElseThrow();
        assertThat(unblock.state()).isEqualTo(RunState.RUNNING);
        assertThat(unblock.wakeAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(59));
        executor.runDue();
        assertThat(firewall.blocked()).as("still blocked before expiry").containsExactly("203.0.113.7");

        clock.advance(Duration.ofMinutes(1));
        executor.runDue();
        assertThat(firewall.blocked()).isEmpty();
        assertThat(state(unblock.id())).isEqualTo(RunState.SUCCEEDED);
        assertThat(firewall.calls()).extracting(RecordingFirewall.Call::action).containsExactly("block", "unblock");
        assertThat(firewall.calls().get(0).idempotencyKey()).isEqualTo(id + ":block");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void stepsOverTheRateLimitWaitAndCompleteLater(Dialect dialect) throws Exception {
        open(dialect, b -> b.rateLimit("firewall:fw-test", 20));
        Playbook p = Resources.playbook("playbooks/run/block.yml");
        List<RunId> ids = new java.util.ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            ids.add(executor.start(TENANT, p, Map.of("ip", "198.51.100." + i)));
        }
        executor.runDue();
        assertThat(firewall.calls()).hasSize(20);
        List<RunId> waiting = ids.stream().filter(id -> state(id) == RunState.WAITING).toList();
        assertThat(waiting).hasSize(5);
        for (RunId id : waiting) {
            assertThat(timeline(id)).containsExactly("block#1:DEFERRED");
            assertThat(executor.run(TENANT, id).orElseThrow().wakeAt()).isAfter(clock.instant());
            assertThat(executor.timeline(TENANT, id).get(0).error().orElseThrow())
                    .contains("rate limit of 20/min on firewall:fw-test");
        }

        clock.advance(Duration.ofMinutes(1));
        executor.runDue();
        assertThat(ids).allSatisfy(id -> assertThat(state(id)).isEqualTo(RunState.SUCCEEDED));
        assertThat(firewall.blocked()).hasSize(25);
        assertThat(timeline(waiting.get(0))).containsExactly("block#1:DEFERRED", "block#2:CONFIRMED");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aMissingTemplateVariableFailsTheStepWithThePreciseReason(Dialect dialect) throws Exception {
        open(dialect);
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/missing-variable.yml"),
                Map.of("base", server.base(), "user", Map.of("id", 7)));
        executor.runDue();
        PlaybookRun run = executor.run(TENANT, id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error().orElseThrow())
                .isEqualTo("step 'call': {{trigger.user.name}} is not defined: trigger.user has no 'name'");
        assertThat(timeline(id)).containsExactly("call#1:FAILED");
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void cancelledRunsStopWaiting(Dialect dialect) throws Exception {
        open(dialect);
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/approval.yml"),
                Map.of("base", server.base(), "host", "pacs-01"));
        executor.runDue();
        assertThat(executor.cancel(TenantId.of("hospital-b"), id, "wrong tenant")).isFalse();
        assertThat(executor.cancel(TENANT, id, "false positive")).isTrue();
        assertThat(executor.cancel(TENANT, id, "again")).isFalse();
        clock.advance(Duration.ofHours(2));
        assertThat(executor.runDue()).isZero();
        PlaybookRun run = executor.run(TENANT, id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
        assertThat(run.error()).contains("cancelled: false positive");
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void triggersStartMatchingEnabledPlaybooksOncePerEvent(Dialect dialect) throws Exception {
        open(dialect);
        PlaybookStore store = executor.playbooks();
        String yaml = Resources.text("playbooks/run/triggered.yml");
        store.save(TENANT, yaml, "triggered.yml");
        store.save(TENANT, yaml, "triggered.yml");
        assertThatThrownBy(() -> store.save(TENANT, yaml.replace("5m", "6m"), "edited"))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(PlaybookErrorCode.VERSION_CONFLICT.toErrorCode()))
                .hasMessageContaining("raise version to 2");
        store.save(TENANT, yaml.replace("version: 1", "version: 2").replace("5m", "6m"), "v2");
        assertThat(store.latest(TENANT, "high-alerts").orElseThrow().version()).isEqualTo(2);
        assertThat(store.find(TENANT, "high-alerts", 1)).isPresent();
        assertThat(store.list(TenantId.of("hospital-b"))).isEmpty();

        Map<String, Object> high = Map.of("alert", Map.of("rule_id", "r1", "level", "critical"),
                "asset", Map.of("zone", "imaging"));
        TriggerEvent event = new TriggerEvent(TriggerType.ALERT, high, Optional.of("alert-1"));
        List<RunId> first = executor.trigger(TENANT, event);
        assertThat(first).hasSize(1);
        assertThat(executor.trigger(TENANT, event)).as("same event key").isEqualTo(first);
        assertThat(executor.run(TENANT, first.get(0)).orElseThrow().playbookVersion()).isEqualTo(2);

        assertThat(executor.trigger(TENANT, new TriggerEvent(TriggerType.ALERT,
                Map.of("alert", Map.of("level", "medium"), "asset", Map.of("zone", "imaging")), Optional.empty())))
                .as("below min_level").isEmpty();
        assertThat(executor.trigger(TENANT, new TriggerEvent(TriggerType.ALERT,
                Map.of("alert", Map.of("level", "high"), "asset", Map.of("zone", "office")), Optional.empty())))
                .as("condition not met").isEmpty();
        assertThat(executor.trigger(TENANT, new TriggerEvent(TriggerType.INCIDENT_OPENED, high, Optional.empty())))
                .as("other trigger").isEmpty();
        assertThat(executor.trigger(TenantId.of("hospital-b"), event)).as("other tenant").isEmpty();

        executor.runDue();
        clock.advance(Duration.ofMinutes(6));
        executor.runDue();
        assertThat(state(first.get(0))).isEqualTo(RunState.SUCCEEDED);
        assertThat(JSON.readTree(executor.timeline(TENANT, first.get(0)).get(0).outputJson().orElseThrow())
                .path("waited_until").asText()).isEqualTo("2026-11-25T08:06:00Z");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void batchTriggersSeeEveryNewVersionOfAPlaybook(Dialect dialect) throws Exception {
        open(dialect);
        PlaybookStore store = executor.playbooks();
        String yaml = Resources.text("playbooks/run/triggered.yml");
        Map<String, Object> high = Map.of("alert", Map.of("level", "critical"), "asset", Map.of("zone", "imaging"));
        Map<String, Object> office = Map.of("alert", Map.of("level", "critical"), "asset", Map.of("zone", "office"));
        List<TriggerEvent> batch = List.of(
                new TriggerEvent(TriggerType.ALERT, high, Optional.of("alert-1")),
                new TriggerEvent(TriggerType.ALERT, office, Optional.of("alert-2")),
                new TriggerEvent(TriggerType.INCIDENT_OPENED, high, Optional.of("incident-1")),
                new TriggerEvent(TriggerType.ALERT, high, Optional.of("alert-3")));
        assertThat(executor.trigger(TENANT, batch)).as("no playbooks yet").isEmpty();

        store.save(TENANT, yaml, "v1");
        List<RunId> v1 = executor.trigger(TENANT, batch);
        assertThat(v1).as("the two imaging alerts").hasSize(2);
        assertThat(v1).extracting(id -> executor.run(TENANT, id).orElseThrow().playbookVersion()).containsOnly(1);
        assertThat(executor.trigger(TENANT, batch)).as("same keys, same runs").isEqualTo(v1);

        // a new version replaces the one already parsed: disabled, nothing starts
        store.save(TENANT, yaml.replace("version: 1", "version: 2\nenabled: false"), "v2");
        assertThat(executor.trigger(TENANT, List.of(new TriggerEvent(TriggerType.ALERT, high,
                Optional.of("alert-4"))))).isEmpty();
        assertThat(executor.trigger(TENANT, new TriggerEvent(TriggerType.ALERT, high, Optional.of("alert-4"))))
                .isEmpty();

        // enabled again with another condition: the new version's condition applies
        store.save(TENANT, yaml.replace("version: 1", "version: 3").replace("equals: imaging", "equals: office"),
                "v3");
        List<RunId> v3 = executor.trigger(TENANT, List.of(
                new TriggerEvent(TriggerType.ALERT, high, Optional.of("alert-5")),
                new TriggerEvent(TriggerType.ALERT, office, Optional.of("alert-6"))));
        assertThat(v3).hasSize(1);
        PlaybookRun run = executor.run(TENANT, v3.get(0)).orElseThrow();
        assertThat(run.playbookVersion()).isEqualTo(3);
        assertThat(JSON.readTree(run.triggerJson()).path("asset").path("zone").asText()).isEqualTo("office");
        assertThat(executor.trigger(TenantId.of("hospital-b"), batch)).as("other tenant").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void firesScheduledPlaybooksOncePerDueTime(Dialect dialect) throws Exception {
        open(dialect);
        executor.playbooks().save(TENANT, Resources.text("playbooks/run/scheduled.yml"), "scheduled.yml");
        executor.runDue();
        assertThat(executor.runs(TENANT, 10)).as("first firing is one interval away").isEmpty();

        clock.advance(Duration.ofMinutes(15));
        executor.runDue();
        executor.runDue();
        List<PlaybookRun> runs = executor.runs(TENANT, 10);
        assertThat(runs).hasSize(1);
        assertThat(JSON.readTree(runs.get(0).triggerJson()).path("schedule").path("fired_at").asText())
                .isEqualTo("2026-11-25T08:15:00Z");

        clock.advance(Duration.ofMinutes(50));
        executor.runDue();
        assertThat(executor.runs(TENANT, 10)).as("missed firings coalesce into one").hasSize(2);
        assertThat(executor.runs(TENANT, RunState.SUCCEEDED, 10)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aStepWithoutAnAnswerWithinItsTimeoutIsRetried(Dialect dialect) throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        EdrPort edr = new EdrPort() {
            @Override
            public String target() {
                return "edr-test";
            }

            @Override
            public ActionResult isolate(TenantId tenant, String host, String reason, String idempotencyKey) {
                if (calls.incrementAndGet() == 1) {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return ActionResult.done(Map.of("isolated", true));
            }
        };
        open(dialect, b -> b.edr(edr));
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/isolate.yml"), Map.of("host", "ws-17"));
        executor.runDue();
        assertThat(timeline(id)).containsExactly("isolate#1:RETRYABLE");
        assertThat(executor.timeline(TENANT, id).get(0).error().orElseThrow())
                .contains("no answer within the step timeout of 300ms");
        clock.advance(Duration.ofMinutes(1));
        executor.runDue();
        assertThat(state(id)).isEqualTo(RunState.SUCCEEDED);
        assertThat(calls).hasValue(2);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aStepWhosePortIsMissingFailsWithThePortNamed(Dialect dialect) throws Exception {
        open(dialect);
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/isolate.yml"), Map.of("host", "ws-17"));
        executor.runDue();
        assertThat(executor.run(TENANT, id).orElseThrow().error().orElseThrow())
                .contains("step 'isolate' (isolate_host) needs a EdrPort");
        assertThat(state(id)).isEqualTo(RunState.FAILED);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theBackgroundWorkerRunsDueRuns(Dialect dialect) throws Exception {
        open(dialect, b -> b.pollInterval(Duration.ofMillis(20)));
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/block.yml"), Map.of("ip", "192.0.2.9"));
        executor.startWorker();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (state(id) != RunState.SUCCEEDED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(state(id)).isEqualTo(RunState.SUCCEEDED);
        assertThat(firewall.blocked()).containsExactly("192.0.2.9");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anHttpCallWithoutAnswerWithinTheTimeoutIsTransient(Dialect dialect) throws Exception {
        open(dialect);
        server.hold("/slow");
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/http-timeout.yml"), Map.of("base", server.base()));
        executor.runDue();
        server.release("/slow");
        assertThat(timeline(id)).containsExactly("call#1:RETRYABLE");
        assertThat(executor.timeline(TENANT, id).get(0).error().orElseThrow()).contains("/slow");
        clock.advance(Duration.ofMinutes(1));
        executor.runDue();
        assertThat(state(id)).isEqualTo(RunState.SUCCEEDED);
        assertThat(server.requests("/slow")).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aWorkerThatLostItsLeaseCannotOverwriteTheRun(Dialect dialect) throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        FirewallPort stuckOnce = new FirewallPort() {
            @Override
            public String target() {
                return "fw-stuck";
            }

            @Override
            public ActionResult block(TenantId tenant, BlockRequest request) {
                if (calls.incrementAndGet() == 1) {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ActionResult.done(Map.of("by", "slow worker"));
                }
                return ActionResult.done(Map.of("by", "second worker"));
            }

            @Override
            public ActionResult unblock(TenantId tenant, String address, String idempotencyKey) {
                return ActionResult.done(Map.of());
            }
        };
        open(dialect, b -> b.firewall(stuckOnce));
        RunId id = executor.start(TENANT, Resources.playbook("playbooks/run/block.yml"), Map.of("ip", "192.0.2.1"));
        Thread slow = Thread.ofVirtual().start(executor::runDue);
        assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        MutableClock later = new MutableClock(clock.instant().plus(Duration.ofMinutes(10)));
        try (PlaybookExecutor second = PlaybookExecutor.builder(db).clock(later).firewall(stuckOnce)
                .workerId("second-worker").build()) {
            second.runDue();
            release.countDown();
            slow.join(10_000);
            assertThat(second.run(TENANT, id).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
            List<StepAttempt> attempts = second.timeline(TENANT, id);
            assertThat(attempts).extracting(a -> a.stepId() + "#" + a.attempt() + ":" + a.state())
                    .containsExactly("block#1:ABANDONED", "block#2:CONFIRMED");
            assertThat(attempts.get(1).outputJson().orElseThrow()).contains("second worker");
        }
        assertThat(calls).hasValue(2);
    }
}
