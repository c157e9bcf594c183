package io.watershed.monitor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries (STYLE.md 2, 3): no Flink, Iceberg or Hadoop; implementation detail under
 * {@code internal}, which does not reach back to the public package. The enforcer plugin bans the
 * same artifacts from the dependency tree. Inside {@code internal} the layers are: the shared
 * vocabulary ({@code internal} itself: error codes, violations, JSON input, metrics), then {@code
 * store}, then {@code auth}, {@code rules}, {@code fleet}, {@code live} (Kafka) and {@code query}
 * (Trino, over live), then {@code alerts} (over rules and query) and {@code pipeline} (Flink's REST
 * API, and the lake through {@code query}), and {@code http} on top.
 */
class MonitorArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.watershed.monitor");
  }

  @Test
  void neverUsesFlinkIcebergOrHadoop() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.flink..", "org.apache.iceberg..", "org.apache.hadoop..")
            .because("monitor-service talks to the pipeline through HTTP/JSON, not its classes");
    rule.check(classes);
  }

  @Test
  void internalDoesNotReachBackToThePublicPackage() {
    noClasses()
        .that()
        .resideInAPackage("io.watershed.monitor.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.watershed.monitor")
        .check(classes);
  }

  @Test
  void onlyTheDatabaseLayerTouchesJdbcAndFlyway() {
    noClasses()
        .that()
        .resideInAPackage("io.watershed.monitor")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.jooq..", "org.flywaydb..", "com.zaxxer..", "java.sql..")
        .check(classes);
  }

  @Test
  void internalPackagesHaveNoCycles() {
    slices()
        .matching("io.watershed.monitor.internal.(*)..")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  @Test
  void theSharedVocabularyDependsOnNoConcern() {
    noClasses()
        .that()
        .resideInAPackage("io.watershed.monitor.internal")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.watershed.monitor.internal.http..",
            "io.watershed.monitor.internal.rules..",
            "io.watershed.monitor.internal.fleet..",
            "io.watershed.monitor.internal.auth..",
            "io.watershed.monitor.internal.store..",
            "io.watershed.monitor.internal.query..",
            "io.watershed.monitor.internal.live..",
            "io.watershed.monitor.internal.alerts..",
            "io.watershed.monitor.internal.pipeline..")
        .check(classes);
  }

  @Test
  void theLiveMinutesDependOnNoOtherConcern() {
    noClasses()
        .that()
        .resideInAPackage("io.watershed.monitor.internal.live..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.watershed.monitor.internal.http..",
            "io.watershed.monitor.internal.rules..",
            "io.watershed.monitor.internal.fleet..",
            "io.watershed.monitor.internal.auth..",
            "io.watershed.monitor.internal.store..",
            "io.watershed.monitor.internal.query..",
            "io.watershed.monitor.internal.alerts..",
            "io.watershed.monitor.internal.pipeline..")
        .because("the query package turns live partials into series, not the other way round")
        .check(classes);
  }

  @Test
  void onlyTheLivePackageTalksToKafka() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.watershed.monitor.internal.live..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..")
        .check(classes);
  }

  @Test
  void onlyTheHttpFrontDependsOnHttp() {
    noClasses()
        .that()
        .resideInAPackage("io.watershed.monitor.internal..")
        .and()
        .resideOutsideOfPackage("io.watershed.monitor.internal.http..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.watershed.monitor.internal.http..")
        .because("rules, fleet, auth and the store know nothing of requests and replies")
        .check(classes);
  }

  @Test
  void theStoreDependsOnNoConcern() {
    noClasses()
        .that()
        .resideInAPackage("io.watershed.monitor.internal.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.watershed.monitor.internal.http..",
            "io.watershed.monitor.internal.rules..",
            "io.watershed.monitor.internal.fleet..",
            "io.watershed.monitor.internal.auth..",
            "io.watershed.monitor.internal.query..",
            "io.watershed.monitor.internal.live..",
            "io.watershed.monitor.internal.alerts..",
            "io.watershed.monitor.internal.pipeline..")
        .check(classes);
  }

  @Test
  void onlyTheQueryPackageTalksToTrino() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.watershed.monitor.internal.query..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.trino..")
        .because("the query package owns the connections to Trino")
        .check(classes);
  }
}
