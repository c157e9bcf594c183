package io.watershed.kit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
  @Test
  void h2WritesEveryCommitBeforeItAnswers() {
    assertThat(JdbcUrls.h2OrPostgres("jdbc:h2:file:./var/x;DATABASE_TO_LOWER=TRUE"))
        .isEqualTo("jdbc:h2:file:./var/x;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0");
    assertThat(JdbcUrls.h2OrPostgres("jdbc:h2:file:./var/x;WRITE_DELAY=0;DATABASE_TO_LOWER=TRUE"))
        .isEqualTo("jdbc:h2:file:./var/x;WRITE_DELAY=0;DATABASE_TO_LOWER=TRUE");
    assertThatThrownBy(
            () ->
                JdbcUrls.h2OrPostgres(
                    "jdbc:h2:file:./var/x;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=500"))
        .hasMessage(
            "H2 URLs must not delay writes (;WRITE_DELAY=0): a crash would lose committed changes");
  }

  @Test
  void postgresIsTakenAsGiven() {
    assertThat(JdbcUrls.h2OrPostgres("jdbc:postgresql://127.0.0.1:5432/test"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
  }

  @Test
  void otherDatabasesAndCaseFoldingAreRefused() {
    assertThatThrownBy(() -> JdbcUrls.h2OrPostgres("jdbc:mysql://x/y"))
        .hasMessage("must start with jdbc:h2: or jdbc:postgresql:");
    assertThatThrownBy(() -> JdbcUrls.h2OrPostgres("jdbc:h2:file:./var/x"))
        .hasMessage("H2 URLs must set ;DATABASE_TO_LOWER=TRUE");
  }
}
