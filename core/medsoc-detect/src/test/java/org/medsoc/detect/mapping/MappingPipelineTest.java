package org.medsoc.detect.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.detect.FieldNameMapper;
import org.medsoc.spi.error.MedsocException;

class MappingPipelineTest {
    private static final LogSourceKey PROCESS_CREATION = LogSourceKey.of("windows", "process_creation", null);

    private static Path resource(String name) {
        try {
            return Path.of(MappingPipelineTest.class.getResource("/mappings/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void loadsAndValidatesShippedMappings() {
        MappingPipeline pipeline = MappingPipeline.loadDefaults();

        assertThat(pipeline.versions()).containsOnlyKeys("windows", "linux", "macos", "network", "webserver",
                "medsoc", "cloud");
        assertThat(pipeline.version()).isEqualTo(
                "cloud@1.0.0+linux@1.0.0+macos@1.0.0+medsoc@1.0.0+network@1.0.0+webserver@1.0.0+windows@1.0.0");
        assertThat(pipeline.logSources()).contains(PROCESS_CREATION,
                LogSourceKey.of("windows", null, "security"),
                LogSourceKey.of("windows", "ps_script", null),
                LogSourceKey.of("linux", null, "sshd"),
                LogSourceKey.of(null, "proxy", null),
                LogSourceKey.of(null, "webserver", null),
                LogSourceKey.of("medsoc", null, "his"));
    }

    @Test
    void answersEmptyForUnmappedLogSource() {
        MappingPipeline pipeline = MappingPipeline.loadDefaults();

        assertThat(pipeline.logSource("cisco", null, "aaa")).isEmpty();
        assertThat(pipeline.logSource("windows", "process_creation", "security")).isEmpty();
        assertThat(pipeline.fieldsFor(LogSourceKey.of("cisco", null, "aaa"), "cmd")).isEmpty();
        assertThat(LogSourceKey.of("cisco", null, "aaa")).hasToString("product=cisco service=aaa");
    }

    @Test
    void comparesLogSourcePartsCaseInsensitively() {
        MappingPipeline pipeline = MappingPipeline.loadDefaults();

        assertThat(pipeline.logSource("Windows", "Process_Creation", " ")).get()
                .extracting(LogSourceMatcher::key).isEqualTo(PROCESS_CREATION);
    }

    @Test
    void mapsWindowsFieldsWithAlternativesAndPrefix() {
        MappingPipeline pipeline = MappingPipeline.loadDefaults();

        assertThat(pipeline.fieldsFor(PROCESS_CREATION, "Image"))
                .containsExactly("winlog.event_data.Image", "winlog.event_data.NewProcessName");
        assertThat(pipeline.fieldsFor(PROCESS_CREATION, "EventID")).containsExactly("winlog.event_id");
        assertThat(pipeline.fieldsFor(PROCESS_CREATION, "Computer")).containsExactly("host.name",
                "winlog.computer_name");
        // not listed: Sysmon EventData names map through the file's default_prefix
        assertThat(pipeline.fieldsFor(PROCESS_CREATION, "OriginalFileName"))
                .containsExactly("winlog.event_data.OriginalFileName");
        assertThat(pipeline.fieldsFor(LogSourceKey.of("windows", null, "security"), "TargetUserName"))
                .containsExactly("winlog.event_data.TargetUserName");
        assertThat(pipeline.fieldsFor(PROCESS_CREATION, "bad name")).isEmpty();
    }

    @Test
    void mapsNetworkAndLinuxFields() {
        MappingPipeline pipeline = MappingPipeline.loadDefaults();
        LogSourceKey proxy = LogSourceKey.of(null, "proxy", null);

        assertThat(pipeline.fieldsFor(proxy, "c-useragent")).containsExactly("user_agent.original");
        assertThat(pipeline.fieldsFor(proxy, "cs-method")).containsExactly("http.request.method");
        assertThat(pipeline.fieldsFor(proxy, "dst_port")).containsExactly("destination.port");
        assertThat(pipeline.fieldsFor(LogSourceKey.of(null, "dns", null), "query"))
                .containsExactly("dns.question.name");
        assertThat(pipeline.fieldsFor(LogSourceKey.of(null, "webserver", null), "sc-status"))
                .containsExactly("http.response.status_code");
        assertThat(pipeline.fieldsFor(LogSourceKey.of("linux", null, "sshd"), "user")).containsExactly("user.name");
        assertThat(pipeline.fieldsFor(LogSourceKey.of("linux", "process_creation", null), "Image"))
                .containsExactly("process.executable", "winlog.event_data.Image");
        assertThat(pipeline.fieldsFor(LogSourceKey.of("zeek", null, "dns"), "id.orig_h"))
                .containsExactly("id.orig_h");
        assertThat(pipeline.fieldsFor(LogSourceKey.of("aws", null, "cloudtrail"), "userIdentity.arn"))
                .containsExactly("userIdentity.arn");
        assertThat(pipeline.fieldsFor(LogSourceKey.of("fortigate", null, "event"), "cfgpath"))
                .containsExactly("fortinet.cfgpath");
    }

    @Test
    void unmappedFieldIsEmptyUnlessAlreadyAMedsocField() {
        MappingPipeline pipeline = MappingPipeline.loadDefaults();
        LogSourceKey proxy = LogSourceKey.of(null, "proxy", null);

        assertThat(pipeline.fieldsFor(proxy, "NoSuchSigmaField")).isEmpty();
        assertThat(pipeline.map(proxy, "NoSuchSigmaField")).isEqualTo("NoSuchSigmaField");
        assertThat(pipeline.fieldsFor(proxy, "source.ip")).containsExactly("source.ip");
        assertThat(pipeline.map(proxy, "c-uri")).isEqualTo("url.original");
        FieldNameMapper mapper = pipeline.fieldNameMapper(PROCESS_CREATION);
        assertThat(mapper.map("ParentImage")).isEqualTo("winlog.event_data.ParentImage");
    }

    @Test
    void loadsFilesFromPathsWithLocalFieldsOverridingGlobal() {
        MappingPipeline pipeline = MappingPipeline.load(List.of(resource("custom.yml")));

        assertThat(pipeline.version()).isEqualTo("custom@3.1.4");
        LogSourceKey login = LogSourceKey.of("acme", "login", null);
        assertThat(pipeline.fieldsFor(login, "user")).containsExactly("user.target.name", "user.name");
        assertThat(pipeline.fieldsFor(LogSourceKey.of("acme", null, "audit"), "user"))
                .containsExactly("user.name");
        assertThat(pipeline.logSource("ACME", "login", null)).get().extracting(m -> m.condition().toString())
                .isEqualTo("(event.module=acme AND NOT event.outcome=success AND exists(user.name))");
    }

    @Test
    void reportsEveryProblemOfAnInvalidFile() {
        assertThatThrownBy(() -> MappingPipeline.load(List.of(resource("invalid-many-problems.yml"))))
                .isInstanceOfSatisfying(MappingValidationException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(MappingErrorCode.INVALID_MAPPING.toErrorCode());
                    assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).endsWith(
                            "invalid-many-problems.yml"));
                    assertThat(e.problems()).extracting(MappingProblem::path).containsExactlyInAnyOrder(
                            "colour",
                            "version",
                            "fields.Image",
                            "fields.CommandLine",
                            "logsources[0].condition[0].winlog.event_id",
                            "logsources[0].condition[1].exists",
                            "logsources[0].condition[2]",
                            "logsources[1].condition",
                            "logsources[2]",
                            "logsources[3].wrong",
                            "logsources[3].condition.not",
                            "logsources[4]");
                    assertThat(e.getMessage()).startsWith("12 problem(s) in Sigma mapping files")
                            .contains("'not a field name!' is not a valid medsoc field name")
                            .contains("missing: say which events this log source selects");
                });
    }

    @Test
    void reportsProblemsAcrossFilesTogether() {
        assertThatThrownBy(() -> MappingPipeline.load(List.of(resource("invalid-syntax.yml"),
                        resource("duplicate-a.yml"), resource("duplicate-b.yml"))))
                .isInstanceOfSatisfying(MappingValidationException.class, e -> assertThat(e.problems())
                        .extracting(p -> Path.of(p.file()).getFileName().toString(), MappingProblem::path)
                        .containsExactly(
                                tuple("invalid-syntax.yml", ""),
                                tuple("duplicate-b.yml", "name"),
                                tuple("duplicate-b.yml", "logsources[0]")));
    }

    @Test
    void failsReadablyForMissingFile() {
        assertThatThrownBy(() -> MappingPipeline.load(List.of(Path.of("/nonexistent/mapping.yml"))))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("cannot read mapping file /nonexistent/mapping.yml");
    }

    @Test
    void rejectsEmptyFileList() {
        assertThatThrownBy(() -> MappingPipeline.load(List.of()))
                .isInstanceOfSatisfying(MappingValidationException.class,
                        e -> assertThat(e.problems()).hasSize(1));
    }
}
