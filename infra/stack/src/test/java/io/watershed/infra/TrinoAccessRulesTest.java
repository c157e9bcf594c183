package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rules file the stack gives Trino's file-based access control is JSON of the documented
 * sections, and, read first match wins as Trino reads it, lets the ad-hoc user read catalog lake
 * only while everyone else keeps every catalog. (MonitorQueryIT checks Trino enforcing it.)
 */
class TrinoAccessRulesTest {
  private static final JsonNode RULES = parse();

  @Test
  void readerReadsLakeOnlyAndOthersKeepEverything() {
    assertThat(catalogAccess(TrinoComponent.READER_USER, "lake")).isEqualTo("read-only");
    assertThat(catalogAccess(TrinoComponent.READER_USER, "tpch")).isEqualTo("none");
    assertThat(catalogAccess(TrinoComponent.READER_USER, "system")).isEqualTo("none");
    assertThat(catalogAccess("watershed_monitor", "lake")).isEqualTo("all");
    assertThat(catalogAccess("watershed-it", "tpch")).isEqualTo("all");
    assertThat(catalogAccess("watershed_reader2", "lake")).isEqualTo("all");
  }

  @Test
  void readerRunsNoCatalogFunctionOrProcedureAndSeesOnlyItsQueries() {
    assertThat(first("functions", TrinoComponent.READER_USER).path("privileges")).isEmpty();
    assertThat(first("procedures", TrinoComponent.READER_USER).path("privileges")).isEmpty();
    assertThat(first("system_information", TrinoComponent.READER_USER).path("allow")).isEmpty();
    assertThat(texts(first("queries", TrinoComponent.READER_USER).path("allow")))
        .containsExactly("execute");
    assertThat(texts(first("functions", "anyone").path("privileges"))).contains("EXECUTE");
    assertThat(texts(first("procedures", "anyone").path("privileges"))).contains("EXECUTE");
    assertThat(texts(first("system_information", "anyone").path("allow"))).containsExactly("read");
    assertThat(texts(first("queries", "anyone").path("allow")))
        .containsExactly("execute", "view", "kill");
  }

  @Test
  void onlyDocumentedSectionsAndFields() {
    List<String> sections = new ArrayList<>();
    RULES.fieldNames().forEachRemaining(sections::add);
    assertThat(sections)
        .containsExactly(
            "catalogs",
            "queries",
            "system_information",
            "functions",
            "procedures",
            "authorization");
  }

  private static String catalogAccess(String user, String catalog) {
    for (JsonNode rule : RULES.path("catalogs")) {
      if (matches(rule, "user", user) && matches(rule, "catalog", catalog)) {
        return rule.path("allow").textValue();
      }
    }
    return "none";
  }

  private static JsonNode first(String section, String user) {
    for (JsonNode rule : RULES.path(section)) {
      if (matches(rule, "user", user)) {
        return rule;
      }
    }
    throw new AssertionError("no rule of " + section + " matches user " + user);
  }

  /** As Trino matches: the whole value against the regex, absent means any. */
  private static boolean matches(JsonNode rule, String field, String value) {
    return !rule.has(field)
        || Pattern.compile(rule.path(field).textValue()).matcher(value).matches();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.textValue()));
    return texts;
  }

  private static JsonNode parse() {
    try {
      return new ObjectMapper().readTree(TrinoComponent.ACCESS_RULES);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot parse the access rules: " + e.getMessage(), e);
    }
  }
}
