package io.watershed.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BearerAuthTest {
  @Test
  void acceptsOnlyConfiguredBearerTokens() {
    BearerAuth auth = BearerAuth.of(List.of("token-aaaaaaaaaaaa1", "token-bbbbbbbbbbbb2"));

    assertThat(auth.accepts("Bearer token-aaaaaaaaaaaa1")).isTrue();
    assertThat(auth.accepts("bearer token-bbbbbbbbbbbb2 ")).isTrue();
    assertThat(auth.accepts("Bearer token-aaaaaaaaaaaa")).isFalse();
    assertThat(auth.accepts("Basic token-aaaaaaaaaaaa1")).isFalse();
    assertThat(auth.accepts("Bearer")).isFalse();
    assertThat(auth.accepts(null)).isFalse();
  }

  @Test
  void acceptsEverythingWhenOff() {
    BearerAuth auth = BearerAuth.of(List.of());

    assertThat(auth.enabled()).isFalse();
    assertThat(auth.accepts(null)).isTrue();
  }
}
