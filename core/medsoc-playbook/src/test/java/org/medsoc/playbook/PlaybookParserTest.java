package org.medsoc.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medsoc.notify.Severity;
import org.medsoc.spi.error.MedsocException;

class PlaybookParserTest {
    private static List<Problem> problems(String path) {
        try {
            Resources.playbook(path);
        } catch (PlaybookValidationException e) {
            return e.problems();
        }
        throw new AssertionError(path + " was accepted");
    }

    @Test
    void parsesAPlaybookUsingEveryStepType() {
        Playbook p = Resources.playbook("playbooks/contain-ransomware.yml");
        assertThat(p.id()).isEqualTo("contain-ransomware");
        assertThat(p.version()).isEqualTo(3);
        assertThat(p.enabled()).isTrue();
        assertThat(p.trigger()).isEqualTo(new Trigger.OnAlert(Optional.of("win-ransom-01"), Optional.of(AlertLevel.HIGH)));
        assertThat(p.conditions()).extracting(Condition::operator)
                .containsExactly(Condition.Operator.IN, Condition.Operator.GTE);
        assertThat(p.steps()).extracting(s -> s.action().typeName()).containsExactly("enrich", "notify", "approval",
                "block_ip", "isolate_host", "create_ticket", "set_incident", "wait", "http");
        Step lookup = p.steps().get(0);
        assertThat(lookup.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(lookup.retries()).isEqualTo(RetryPolicy.DEFAULT);
        Step page = p.steps().get(1);
        assertThat(page.timeout()).as("defaults.timeout").isEqualTo(Duration.ofMinutes(5));
        assertThat(((StepAction.Notify) page.action()).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(p.steps().get(2).action()).isEqualTo(new StepAction.Approval(
                Template.parse("Isolate {{trigger.host.name}} and block {{trigger.source.ip}}?"), Duration.ofMinutes(30),
                StepAction.DeadlineOutcome.APPROVE));
        Step block = p.steps().get(3);
        assertThat(block.retries()).isEqualTo(new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(2)));
        assertThat(((StepAction.BlockIp) block.action()).expiresAfter()).contains(Duration.ofHours(24));
        assertThat(p.steps().get(4).when()).containsExactly(new Condition("steps.ok_to_contain.output.decision",
                Condition.Operator.EQUALS, List.of("approved")));
        StepAction.Http report = (StepAction.Http) p.steps().get(8).action();
        assertThat(report.method()).isEqualTo("POST");
        assertThat(report.expect()).containsExactlyInAnyOrder(200, 201);
        assertThat(report.templates()).extracting(Template::source).contains("{{steps.ticket.output.ticket_id}}");
    }

    @Test
    void reportsInvalidYamlWithItsPosition() {
        assertThat(problems("playbooks/invalid/broken-syntax.yml")).singleElement().satisfies(pr -> {
            assertThat(pr.path()).isEqualTo("(yaml)");
            assertThat(pr.message()).startsWith("not valid YAML").contains("line");
        });
    }

    @Test
    void rejectsAnUnknownStepType() {
        assertThat(problems("playbooks/invalid/unknown-step-type.yml")).singleElement().satisfies(pr -> {
            assertThat(pr.path()).isEqualTo("steps[0](reboot).type");
            assertThat(pr.message()).contains("unknown step type 'reboot_server'").contains("block_ip");
        });
    }

    @Test
    void rejectsAStepWithoutTimeoutWhenThereIsNoDefault() {
        assertThat(problems("playbooks/invalid/missing-timeout.yml")).singleElement().satisfies(pr -> {
            assertThat(pr.path()).isEqualTo("steps[0](call).timeout");
            assertThat(pr.message()).contains("is required").contains("defaults.timeout");
        });
    }

    @Test
    void rejectsTemplatesReferringToUnknownOrLaterSteps() {
        List<Problem> problems = problems("playbooks/invalid/unknown-step-reference.yml");
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).path()).isEqualTo("steps[0](first).with");
        assertThat(problems.get(0).message()).contains("{{steps.lookup.output.id}}").contains("unknown step 'lookup'");
        assertThat(problems.get(1).path()).isEqualTo("steps[1](second).with");
        assertThat(problems.get(1).message()).contains("step 'third', which does not run before this one");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        List<Problem> problems = problems("playbooks/invalid/many-problems.yml");
        assertThat(problems).extracting(Problem::path).contains(
                "id", "version", "trigger.min_level", "conditions[0]",
                "steps[0](a).timeout", "steps[0](a).retries.max_attempts", "steps[0](a).with.method",
                "steps[0](a).with.url", "steps[1](a).id", "steps[1](a).with.deadline", "steps[1](a).with.on_deadline",
                "steps[2](c).colour", "steps[2](c).with.ip");
        assertThatThrownBy(() -> Resources.playbook("playbooks/invalid/many-problems.yml"))
                .isInstanceOf(PlaybookValidationException.class)
                .hasMessageContaining("many-problems.yml")
                .hasMessageContaining(problems.size() + " problem(s)");
    }

    @Test
    void validatesSchedules() {
        String base = "id: s\nname: s\nversion: 1\nsteps: [{id: w, type: wait, with: {duration: 1m}}]\n";
        Playbook every = PlaybookParser.parse(base + "trigger: {type: schedule, every: 15m}\n", "every");
        assertThat(every.trigger()).isEqualTo(new Trigger.OnSchedule(Optional.of(Duration.ofMinutes(15)), Optional.empty()));
        Playbook cron = PlaybookParser.parse(base + "trigger: {type: schedule, cron: \"30 8 * * 1-5\"}\n", "cron");
        Cron c = ((Trigger.OnSchedule) cron.trigger()).cron().orElseThrow();
        // 2026-11-28 is a Saturday: the next weekday 08:30 is Monday 2026-11-30
        assertThat(c.nextAfter(Instant.parse("2026-11-27T09:00:00Z"))).isEqualTo(Instant.parse("2026-11-30T08:30:00Z"));
        assertThat(c.nextAfter(Instant.parse("2026-11-25T08:29:59Z"))).isEqualTo(Instant.parse("2026-11-25T08:30:00Z"));
        assertThatThrownBy(() -> PlaybookParser.parse(base + "trigger: {type: schedule, cron: \"61 * * * *\"}\n", "bad"))
                .isInstanceOfSatisfying(PlaybookValidationException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(pr -> assertThat(pr.toString()).contains("trigger.cron").contains("minute value 61")));
        assertThatThrownBy(() -> PlaybookParser.parse(base + "trigger: {type: schedule}\n", "none"))
                .hasMessageContaining("exactly one of every");
        assertThatThrownBy(() -> PlaybookParser.parse(base + "trigger: incident.closed\n", "unknown"))
                .hasMessageContaining("unknown trigger 'incident.closed'");
    }

    @Test
    void rendersTemplatesAndNamesTheMissingPart() {
        ObjectMapper json = new ObjectMapper();
        var context = json.valueToTree(Map.of(
                "trigger", Map.of("source", Map.of("ip", "10.1.2.3"), "ports", List.of(445, 3389)),
                "steps", Map.of("lookup", Map.of("output", Map.of("owner", "PACS team")))));
        assertThat(Template.parse("block {{ trigger.source.ip }} ({{steps.lookup.output.owner}}) {{trigger.ports.1}}")
                .render(context)).isEqualTo("block 10.1.2.3 (PACS team) 3389");
        assertThat(Template.parse("{{trigger.ports}}").render(context)).isEqualTo("[445,3389]");
        assertThatThrownBy(() -> Template.parse("{{trigger.source.port}}").render(context))
                .isInstanceOfSatisfying(MedsocException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(PlaybookErrorCode.TEMPLATE_VARIABLE_MISSING.toErrorCode()))
                .hasMessage("{{trigger.source.port}} is not defined: trigger.source has no 'port'");
        assertThatThrownBy(() -> Template.parse("{{trigger.x")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> Template.parse("a {{ }} b")).hasMessageContaining("empty placeholder");
    }

    @Test
    void evaluatesConditions() {
        ObjectMapper json = new ObjectMapper();
        var context = json.valueToTree(Map.of("trigger", Map.of(
                "level", 7, "severity", "high", "tags", List.of("ransomware", "smb"), "host", "pacs-01.imaging")));
        assertThat(new Condition("trigger.level", Condition.Operator.GTE, List.of(7)).test(context)).isTrue();
        assertThat(new Condition("trigger.level", Condition.Operator.GTE, List.of(8)).test(context)).isFalse();
        assertThat(new Condition("trigger.level", Condition.Operator.EQUALS, List.of(7)).test(context)).isTrue();
        assertThat(new Condition("trigger.severity", Condition.Operator.IN, List.of("high", "critical")).test(context)).isTrue();
        assertThat(new Condition("trigger.severity", Condition.Operator.IN, List.of("low")).test(context)).isFalse();
        assertThat(new Condition("trigger.tags", Condition.Operator.CONTAINS, List.of("smb")).test(context)).isTrue();
        assertThat(new Condition("trigger.host", Condition.Operator.CONTAINS, List.of(".imaging")).test(context)).isTrue();
        assertThat(new Condition("trigger.missing", Condition.Operator.EQUALS, List.of("x")).test(context)).isFalse();
    }

    @Test
    void retryDelaysDoubleUpToTheMaximumAndHonourHints() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(1));
        assertThat(p.delayAfter(1, Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.delayAfter(2, Duration.ZERO)).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.delayAfter(4, Duration.ZERO)).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.delayAfter(1, Duration.ofSeconds(45))).isEqualTo(Duration.ofSeconds(45));
        assertThat(p.delayAfter(1, Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(1));
    }
}
