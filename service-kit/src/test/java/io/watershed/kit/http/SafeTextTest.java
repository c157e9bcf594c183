package io.watershed.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {
  @Test
  void clipsInputToTwoHundredCharacters() {
    String clipped = SafeText.clip("x".repeat(100_000));

    assertThat(clipped).hasSize(SafeText.MAX_INPUT).endsWith("…");
    assertThat(SafeText.clip("short")).isEqualTo("short");
  }

  @Test
  void escapesControlCharactersAndBidiOverrides() {
    assertThat(SafeText.clip("a\u001fb\u202Ec")).isEqualTo("a\\u001Fb\\u202Ec");
    assertThat(SafeText.hasUnsafeCharacters("a\u202Eb")).isTrue();
    assertThat(SafeText.hasUnsafeCharacters("plain name")).isFalse();
  }

  @Test
  void messagesAboutTheCallersOwnSqlKeepItButLoseTheRest() {
    assertThat(
            SafeText.messageKeepingSql(
                "Cannot run the SQL: Access Denied: Cannot insert into table lake.ubc.metrics_1m"))
        .isEqualTo(
            "Cannot run the SQL: Access Denied: Cannot insert into table lake.ubc.metrics_1m");
    assertThat(
            SafeText.messageKeepingSql(
                "Cannot run: io.trino.spi.TrinoException: reading hdfs://nn:9000/w/a.parquet\n\tat"
                    + " io.x.Y.z(Y.java:1)"))
        .isEqualTo("Cannot run: reading <location>");
    assertThat(SafeText.messageKeepingSql("z".repeat(1000))).hasSize(SafeText.MAX_MESSAGE);
  }

  @Test
  void messagesLoseSqlClassNamesLocationsAndStackTraces() {
    assertThat(
            SafeText.message(
                "Cannot create: org.h2.jdbc.JdbcSQLSyntaxErrorException: SQL statement"
                    + " \"INSERT INTO x VALUES (1)\""))
        .doesNotContain("org.h2", "INSERT", "JdbcSQL");
    assertThat(SafeText.message("Cannot write hdfs://nn:9000/warehouse/a/b.json: denied"))
        .isEqualTo("Cannot write <location>: denied");
    assertThat(SafeText.message("Cannot open /tmp/secret/file: gone"))
        .isEqualTo("Cannot open <location>: gone");
    assertThat(
            SafeText.message(
                "Cannot load: java.lang.IllegalStateException: broken\n\tat io.x.Y.z(Y.java:1)"))
        .isEqualTo("Cannot load: broken");
    assertThat(SafeText.message("Cannot route GET /v1/nothing-here: no such endpoint"))
        .isEqualTo("Cannot route GET /v1/nothing-here: no such endpoint");
    assertThat(SafeText.message("y".repeat(1000))).hasSize(SafeText.MAX_MESSAGE);
  }
}
