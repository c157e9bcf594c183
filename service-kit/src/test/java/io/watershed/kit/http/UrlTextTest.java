package io.watershed.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlTextTest {
  @Test
  void parsesQueriesFirstOccurrenceWinning() {
    assertThat(UrlText.parseQuery("parent=a%1Fb&pageToken=&pageSize=2&pageSize=3&flag&q=a+b"))
        .isEqualTo(
            Map.of("parent", "a\u001fb", "pageToken", "", "pageSize", "2", "flag", "", "q", "a b"));
    assertThat(UrlText.parseQuery(null)).isEmpty();
    assertThat(UrlText.parseQuery("")).isEmpty();
  }

  @Test
  void keepsEveryOccurrenceInOrderWhenAsked() {
    assertThat(UrlText.parseQueryValues("d1=a&d2=x&d1=b%20c&flag"))
        .isEqualTo(Map.of("d1", List.of("a", "b c"), "d2", List.of("x"), "flag", List.of("")));
    assertThat(UrlText.parseQueryValues(null)).isEmpty();
  }

  @Test
  void namesWhatDoesNotDecode() {
    assertThatThrownBy(() -> UrlText.parseQuery("x=%zz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot decode query parameter %zz");
    assertThatThrownBy(() -> UrlText.decodeSegment("a%G1"))
        .hasMessageStartingWith("Cannot decode path segment a%G1");
  }

  @Test
  void keepsPlusSignsInPathSegments() {
    assertThat(UrlText.decodeSegment("a+b%20c%2Fd")).isEqualTo("a+b c/d");
  }
}
