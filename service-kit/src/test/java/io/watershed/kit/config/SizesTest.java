package io.watershed.kit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void readsBytesAndEveryUnit() {
    assertThat(Sizes.parse("1048576")).isEqualTo(1_048_576L);
    assertThat(Sizes.parse("1_048_576")).isEqualTo(1_048_576L);
    assertThat(Sizes.parse("100b")).isEqualTo(100L);
    assertThat(Sizes.parse("512KiB")).isEqualTo(512L * 1024);
    assertThat(Sizes.parse("8MiB")).isEqualTo(8L * 1024 * 1024);
    assertThat(Sizes.parse("8mib")).isEqualTo(8L * 1024 * 1024);
    assertThat(Sizes.parse("2GiB")).isEqualTo(2L * 1024 * 1024 * 1024);
  }

  @Test
  void refusesOtherSyntaxes() {
    for (String value : new String[] {"8 MiB", "8MB", "8M", "1.5MiB", "-1", "", "MiB"}) {
      assertThatThrownBy(() -> Sizes.parse(value))
          .as(value)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("e.g. 1048576 or 8MiB");
    }
    assertThatThrownBy(() -> Sizes.parse("99999999999GiB")).hasMessage("is too large");
  }

  @Test
  void formatsBackToTheSameSize() {
    for (String value : new String[] {"0", "1000", "1KiB", "1000KiB", "16MiB", "1GiB"}) {
      assertThat(Sizes.format(Sizes.parse(value))).isEqualTo(value);
    }
  }
}
