package org.medsoc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medsoc demo --hub --hospitals 2}, one process as an evaluator runs it: the hub's region view fills with both
 * hospitals (heartbeats, incidents), the example warning reaches both, and a trace of the attacker both hospitals
 * see finds it at both.
 */
class HubDemoIT {
    private static final String SHARED_ATTACKER = "203.0.113.66";
    private static final String WARNING = "Ransomware campaign against PACS";

    @TempDir
    Path data;

    @Test
    void hubDemoShowsTheRegionTheWarningAndATrace() throws Exception {
        try (NodeProcess hub = NodeProcess.start(data, NodeProcess.freePort(), NodeProcess.freePort(),
                "demo", "--hub", "--hospitals", "2", "--backlog", "400", "--rate", "10")) {
            // the banner comes once both hospitals are enrolled, the warning is sent and the backlogs are stored
            hub.await(Duration.ofSeconds(90), () -> hub.output().contains("Stop with Ctrl-C."), "the demo's banner");
            assertThat(hub.output()).contains("city-no1", "city-tcm", "/hub", "Trace " + SHARED_ATTACKER);

            JsonNode region = hub.awaitJson(Duration.ofSeconds(60), "/api/v1/hub/region",
                    r -> r.get("nodes").size() == 2
                            && all(r.get("nodes"), n -> n.hasNonNull("lastHeartbeat"))
                            && !r.get("openIncidents").isEmpty(),
                    "both hospitals with heartbeats and an open incident in the region view");
            assertThat(region.get("nodes")).extracting(n -> n.get("tenant").asText())
                    .containsExactlyInAnyOrder("city-no1", "city-tcm");
            assertThat(region.get("nodes")).allSatisfy(n -> assertThat(n.get("state").asText()).isEqualTo("ACTIVE"));

            JsonNode warnings = hub.awaitJson(Duration.ofSeconds(60), "/api/v1/hub/warnings",
                    w -> delivered(w.get("warnings")).size() == 2, "the example warning to reach both hospitals");
            List<JsonNode> deliveries = delivered(warnings.get("warnings"));
            assertThat(deliveries).extracting(d -> d.get("tenant").asText())
                    .containsExactlyInAnyOrder("city-no1", "city-tcm");
            assertThat(deliveries).extracting(d -> d.get("directiveId").asLong()).containsOnly(
                    deliveries.getFirst().get("directiveId").asLong());

            Instant now = Instant.now();
            var started = hub.post("/api/v1/hub/traces", "{\"indicator\":\"" + SHARED_ATTACKER + "\",\"from\":\""
                    + now.minus(Duration.ofHours(2)) + "\",\"to\":\"" + now.plus(Duration.ofHours(1)) + "\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            long trace = NodeProcess.JSON.readTree(started.body()).get("id").asLong();
            JsonNode answered = hub.awaitJson(Duration.ofSeconds(60), "/api/v1/hub/traces/" + trace,
                    t -> t.get("nodes").size() == 2 && all(t.get("nodes"),
                            n -> n.get("status").asText().equals("ANSWERED")),
                    "both hospitals to answer the trace");
            assertThat(answered.get("nodes")).allSatisfy(n -> {
                assertThat(n.get("count").asLong()).as("hits at %s", n.get("tenant").asText()).isPositive();
                assertThat(n.get("firstSeen").asText()).isNotBlank();
            });
            assertThat(answered.get("nodes")).extracting(n -> n.get("tenant").asText())
                    .containsExactlyInAnyOrder("city-no1", "city-tcm");
        }
    }

    /** The deliveries of the demo's warning that the hospital has fetched (anything past SENT). */
    private static List<JsonNode> delivered(JsonNode warnings) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode w : warnings) {
            if (w.get("title").asText().equals(WARNING) && !w.get("state").asText().equals("SENT")) {
                out.add(w);
            }
        }
        return out;
    }

    private static boolean all(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode n : array) {
            if (!test.test(n)) {
                return false;
            }
        }
        return true;
    }
}
