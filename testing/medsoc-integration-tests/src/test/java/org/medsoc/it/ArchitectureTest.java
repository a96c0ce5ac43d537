package org.medsoc.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module dependency rules of docs/adr/0002-module-map.md, checked on the compiled classes. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.medsoc");
    }

    @Test
    void spiDependsOnlyOnTheJdkAndJspecify() {
        classes()
                .that().resideInAPackage("org.medsoc.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.medsoc.spi..", "java..", "org.jspecify..")
                .check(classes);
    }

    @Test
    void coreModulesUseNoApplicationFramework() {
        noClasses()
                .that().resideInAnyPackage(
                        "org.medsoc.common..", "org.medsoc.journal..", "org.medsoc.parse..", "org.medsoc.ingest..",
                        "org.medsoc.store", "org.medsoc.detect..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.helidon..", "com.fasterxml.jackson.databind..", "picocli..", "io.micrometer..",
                        "org.apache.lucene..")
                .check(classes);
    }

    @Test
    void domainModulesUseNoWebFrameworkOrEventIndex() {
        noClasses()
                .that().resideInAnyPackage(
                        "org.medsoc.database..", "org.medsoc.identity..", "org.medsoc.audit..",
                        "org.medsoc.incident..", "org.medsoc.vuln..", "org.medsoc.notify..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.helidon..", "picocli..", "io.micrometer..", "org.apache.lucene..",
                        "org.medsoc.ingest..", "org.medsoc.parse..", "org.medsoc.journal..")
                .check(classes);
    }

    @Test
    void incidentsDoNotDependOnIdentityOrAudit() {
        // the API layer maps principals to incident actors and records audit entries; the domain stays separate
        noClasses()
                .that().resideInAPackage("org.medsoc.incident..")
                .should().dependOnClassesThat().resideInAnyPackage("org.medsoc.identity..", "org.medsoc.audit..")
                .check(classes);
    }

    @Test
    void storePluginDependsOnlyOnTheSpiAndConfiguration() {
        noClasses()
                .that().resideInAPackage("org.medsoc.store.lucene..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.medsoc.journal..", "org.medsoc.parse..", "org.medsoc.ingest..",
                        "org.medsoc.api..", "org.medsoc.server..")
                .check(classes);
    }

    @Test
    void nothingDependsOnTheServer() {
        noClasses()
                .that().resideOutsideOfPackage("org.medsoc.server..")
                .should().dependOnClassesThat().resideInAPackage("org.medsoc.server..")
                .check(classes);
    }

    @Test
    void coreDoesNotDependOnTheApi() {
        noClasses()
                .that().resideOutsideOfPackages("org.medsoc.api..", "org.medsoc.server..")
                .should().dependOnClassesThat().resideInAPackage("org.medsoc.api..")
                .check(classes);
    }

    @Test
    void internalPackagesStayInsideTheirModule() {
        for (String module : new String[] {"journal", "parse", "ingest", "store.lucene", "identity", "notify", "vuln"}) {
            noClasses()
                    .that().resideOutsideOfPackage("org.medsoc." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("org.medsoc." + module + ".internal..")
                    .check(classes);
        }
    }
}
