package org.medsoc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medsoc demo} makes realistic hospital events searchable through the API shortly after start. */
class DemoIT {
    @TempDir
    Path data;

    @Test
    void demoTrafficIsSearchableThroughTheApi() throws Exception {
        try (NodeProcess node = NodeProcess.start(
                data, NodeProcess.freePort(), NodeProcess.freePort(), "demo", "--backlog", "2000", "--rate", "20")) {
            node.await(Duration.ofSeconds(90), () -> {
                try {
                    return node.count("*:*") >= 1_500;
                } catch (Exception e) {
                    return false;
                }
            }, "the demo backlog to be searchable");

            JsonNode page = node.getJson("/api/v1/events?limit=5");
            assertThat(page.get("events")).hasSize(5);
            assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(1_500);

            // firewall traffic is normalised: the attacker address is searchable as an IP
            assertThat(node.count("source.ip:203.0.113.66")).isPositive();
            // the FortiGate lines carry their vendor
            assertThat(node.count("observer.vendor:Fortinet")).isPositive();
            // Windows logon failures are normalised
            assertThat(node.count("event.code:4625 AND event.outcome:failure")).isPositive();

            JsonNode top = node.getJson("/api/v1/events/top?field=destination.port&size=5");
            assertThat(top.get("values")).isNotEmpty();
            JsonNode histogram = node.getJson("/api/v1/events/histogram?interval=5m&from="
                    + URLEncoder.encode("now-2h", StandardCharsets.UTF_8));
            assertThat(histogram.get("buckets").size()).isGreaterThan(1);

            // the built-in rules fire on the demo's attacks
            JsonNode alerts = node.getJson("/api/v1/alerts?limit=5");
            assertThat(alerts.get("total").asLong()).as("alerts from the built-in Sigma rules").isPositive();
            JsonNode alert = alerts.get("events").get(0);
            assertThat(alert.get("event.kind").asText()).isEqualTo("signal");
            assertThat(alert.get("rule.name").asText()).isNotBlank();
            assertThat(alert.get("medsoc.alert.event_id").asText()).isNotBlank();
            JsonNode rules = node.getJson("/api/v1/alerts/top?field=rule.name&size=10");
            assertThat(rules.get("values").size()).as("several built-in rules fire: %s", rules).isGreaterThanOrEqualTo(2);

            JsonNode deadLetters = node.getJson("/api/v1/deadletters?limit=5");
            assertThat(deadLetters.get("total").asLong()).as("the demo sends a few malformed lines").isPositive();
            assertThat(deadLetters.get("events").get(0).get("error.message").asText()).isNotBlank();
        }
    }
}
