package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code medsoc detect} over ingest-format lines, through the parser and the log-source mappings. */
class DetectCommandTest {
    @TempDir
    Path dir;

    private static List<JsonNode> run(String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new Main()).execute(args);
            assertThat(code).isZero();
        } finally {
            System.setOut(saved);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                lines.add(new ObjectMapper().readTree(l));
            }
        }
        return lines;
    }

    @Test
    void firesProcessCreationRulesOnWinlogbeatLinesAndNotOnBenignOnes() throws Exception {
        Path rules = Path.of(System.getProperty("medsoc.shared", "../../../shared"), "sigma", "rules", "windows",
                "process_creation");
        Assumptions.assumeTrue(Files.isDirectory(rules), "Sigma rules not found at " + rules.toAbsolutePath());
        Path log = dir.resolve("sysmon.ndjson");
        Files.writeString(log, String.join("\n",
                sysmon("C:\\\\Windows\\\\System32\\\\vssadmin.exe", "vssadmin.exe delete shadows /all /quiet"),
                sysmon("C:\\\\Windows\\\\System32\\\\notepad.exe", "notepad.exe C:\\\\Users\\\\n.zhao\\\\report.txt"),
                "<134>1 2026-11-25T08:00:00Z his-app-01 his 42 AUDIT - vssadmin.exe delete shadows /all /quiet")
                + "\n");

        List<JsonNode> matches = run("detect", "--rules", rules.toString(), log.toString());

        assertThat(matches).isNotEmpty();
        assertThat(matches).allSatisfy(m -> {
            assertThat(m.get("line").asInt()).as("only the Sysmon event of vssadmin matches").isEqualTo(1);
            assertThat(m.get("file").asText()).isEqualTo(log.toString());
            assertThat(m.get("rule").asText()).isNotBlank();
            assertThat(m.get("level").asText()).isIn("low", "medium", "high", "critical", "informational");
        });
        assertThat(matches).anySatisfy(m -> assertThat(m.get("title").asText().toLowerCase()).contains("shadow"));
    }

    private static String sysmon(String image, String commandLine) {
        return "{\"@timestamp\":\"2026-11-25T08:00:00Z\",\"event\":{\"code\":\"1\"},\"winlog\":{\"channel\":"
                + "\"Microsoft-Windows-Sysmon/Operational\",\"event_id\":1,\"provider_name\":\"Microsoft-Windows-Sysmon\","
                + "\"computer_name\":\"WS-RAD-021\",\"event_data\":{\"Image\":\"" + image + "\",\"CommandLine\":\""
                + commandLine + "\",\"ParentImage\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"User\":\"HOSPITAL\\\\n.zhao\"}}}";
    }
}
