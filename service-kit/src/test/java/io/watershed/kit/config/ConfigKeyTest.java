package io.watershed.kit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {
  @Test
  void strings() {
    ConfigKey<String> key = ConfigKey.string("area.name", "x", "A name.");
    assertThat(key.parse("abc")).isEqualTo("abc");
    assertThatThrownBy(() -> key.parse(" ")).hasMessage("must not be empty");
    assertThat(ConfigKey.optionalString("area.user", "User.").parse("")).isEmpty();
    assertThat(ConfigKey.of("area.upper", "string", "a", String::toUpperCase, "Up.").parse("b"))
        .isEqualTo("B");
  }

  @Test
  void integers() {
    ConfigKey<Integer> key = ConfigKey.integer("area.port", 8080, 0, 65535, "Port.");
    assertThat(key.defaultValue()).isEqualTo("8080");
    assertThat(key.type()).isEqualTo("int");
    assertThat(key.parse("1_000")).isEqualTo(1000);
    assertThatThrownBy(() -> key.parse("70000")).hasMessage("must be between 0 and 65535");
    assertThatThrownBy(() -> key.parse("many")).hasMessage("must be an integer");
    ConfigKey<Long> big = ConfigKey.longInteger("area.rate", 1024, 1, Long.MAX_VALUE, "Rate.");
    assertThat(big.parse("5000000000")).isEqualTo(5_000_000_000L);
    assertThatThrownBy(() -> big.parse("0")).hasMessageStartingWith("must be between 1 and");
  }

  @Test
  void durationsInTheOneSyntax() {
    ConfigKey<Duration> key =
        ConfigKey.duration(
            "area.timeout",
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofMinutes(10),
            "Timeout.");
    assertThat(key.defaultValue()).isEqualTo("10s");
    assertThat(key.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(key.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> key.parse("5 s")).hasMessageContaining("e.g. 500ms or 10s");
    assertThatThrownBy(() -> key.parse("2min")).hasMessageContaining("e.g. 500ms or 10s");
    assertThatThrownBy(() -> key.parse("1h")).hasMessage("must be between 100ms and 10m");
    assertThat(
            ConfigKey.duration("area.t", "5s", Duration.ZERO, Duration.ofHours(1), "T.")
                .defaultValue())
        .isEqualTo("5s");
  }

  @Test
  void sizesInTheOneSyntax() {
    ConfigKey<Long> key = ConfigKey.size("area.max-bytes", 16L * 1024 * 1024, 1024, 1L << 30, "M.");
    assertThat(key.defaultValue()).isEqualTo("16MiB");
    assertThat(key.type()).isEqualTo("size");
    assertThat(key.parse("1_048_576")).isEqualTo(1_048_576L);
    assertThat(key.parse("512KiB")).isEqualTo(512L * 1024);
    assertThatThrownBy(() -> key.parse("100")).hasMessage("must be between 1KiB and 1GiB");
    assertThatThrownBy(() -> key.parse("8 MiB")).hasMessageContaining("e.g. 1048576 or 8MiB");
  }

  @Test
  void booleansAreTrueOrFalseOnly() {
    ConfigKey<Boolean> key = ConfigKey.bool("area.enabled", true, "On.");
    assertThat(key.parse("true")).isTrue();
    assertThat(key.parse("FALSE")).isFalse();
    for (String value : new String[] {"yes", "no", "1", "0", "on", ""}) {
      assertThatThrownBy(() -> key.parse(value)).as(value).hasMessage("must be true or false");
    }
  }

  @Test
  void lists() {
    assertThat(ConfigKey.list("area.items", "", "Items.").parse(" a , b,, c ,"))
        .containsExactly("a", "b", "c");
    assertThat(ConfigKey.list("area.items", "", "Items.").parse("")).isEmpty();
  }

  @Test
  void secretsAreNeverPrinted() {
    ConfigKey<String> password = ConfigKey.secret("area.password", "Password.");
    assertThat(password.printable("hunter2")).isEqualTo("****");
    assertThat(ConfigKey.string("area.name", "x", "N.").printable("x")).isEqualTo("x");

    ConfigKey<String> token = ConfigKey.token("area.token", "Token.");
    assertThat(token.parse("")).isEmpty();
    assertThat(token.parse("0123456789abcdef")).isEqualTo("0123456789abcdef");
    assertThatThrownBy(() -> token.parse("short"))
        .hasMessage("must be empty or at least 16 characters long");
    assertThatThrownBy(() -> token.parse("0123456789 abcdef"))
        .hasMessage("must not contain whitespace");

    ConfigKey<List<String>> tokens = ConfigKey.secretList("area.tokens", "Tokens.");
    assertThat(tokens.secret()).isTrue();
    assertThat(tokens.parse(" token-aaaaaaaaaaaa1 ,token-bbbbbbbbbbbb2,, "))
        .containsExactly("token-aaaaaaaaaaaa1", "token-bbbbbbbbbbbb2");
    assertThatThrownBy(() -> tokens.parse("short"))
        .hasMessage("items must be at least 16 characters long");
  }
}
