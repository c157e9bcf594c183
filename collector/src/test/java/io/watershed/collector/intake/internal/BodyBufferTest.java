package io.watershed.collector.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BodyBufferTest {
  @Test
  void growsWithinItsLimitAndChargesTheBudget() {
    ByteBudget budget = new ByteBudget(1024 * 1024);
    BodyBuffer body = new BodyBuffer(budget, 200_000);

    assertThat(body.append(new byte[100], 0, 100)).isEqualTo(BodyBuffer.Status.OK);
    assertThat(budget.used()).isEqualTo(64 * 1024);
    assertThat(body.append(Unpooled.wrappedBuffer(new byte[70_000])))
        .isEqualTo(BodyBuffer.Status.OK);
    assertThat(body.length()).isEqualTo(70_100);
    assertThat(budget.used()).isEqualTo(body.array().length).isEqualTo(131_072);
    assertThat(body.append(new byte[129_900], 0, 129_900)).isEqualTo(BodyBuffer.Status.OK);
    assertThat(body.length()).isEqualTo(200_000);
    assertThat(budget.used()).isEqualTo(200_000);
    assertThat(body.append(new byte[1], 0, 1)).isEqualTo(BodyBuffer.Status.TOO_LARGE);

    body.release();
    body.release();
    assertThat(budget.used()).isZero();
  }

  @Test
  void aDeclaredSizeReservesNothingAheadOfTheBytes() {
    ByteBudget budget = new ByteBudget(64L * 1024 * 1024);
    BodyBuffer body = new BodyBuffer(budget, 8 * 1024 * 1024);

    assertThat(body.expect(8 * 1024 * 1024)).isEqualTo(BodyBuffer.Status.OK);
    assertThat(budget.used()).isZero();
    assertThat(body.append(new byte[1], 0, 1)).isEqualTo(BodyBuffer.Status.OK);
    assertThat(budget.used()).isEqualTo(64 * 1024);
    assertThat(body.expect(8 * 1024 * 1024 + 1)).isEqualTo(BodyBuffer.Status.TOO_LARGE);
    body.release();

    // a small declared body is allocated once, at its size
    BodyBuffer small = new BodyBuffer(budget, 8 * 1024 * 1024);
    small.expect(1000);
    assertThat(small.append(new byte[10], 0, 10)).isEqualTo(BodyBuffer.Status.OK);
    assertThat(small.capacity()).isEqualTo(1000);
    small.release();

    // a larger one doubles as its bytes arrive and stops at the declared size
    BodyBuffer large = new BodyBuffer(budget, 8 * 1024 * 1024);
    large.expect(200_000);
    large.append(new byte[70_000], 0, 70_000);
    assertThat(large.capacity()).isEqualTo(70_000);
    large.append(new byte[70_000], 0, 70_000);
    assertThat(large.capacity()).isEqualTo(140_000);
    large.append(new byte[60_000], 0, 60_000);
    assertThat(large.capacity()).isEqualTo(200_000);
    large.release();
    assertThat(budget.used()).isZero();
  }

  @Test
  void keepsTheBytes() {
    BodyBuffer body = new BodyBuffer(new ByteBudget(1 << 20), 1 << 20);
    byte[] data = new byte[100_000];
    Arrays.fill(data, (byte) 'x');
    data[99_999] = 'y';

    body.append(data, 0, 50_000);
    body.append(Unpooled.wrappedBuffer(data, 50_000, 50_000));

    assertThat(Arrays.copyOf(body.array(), body.length())).isEqualTo(data);
  }

  @Test
  void refusesWhatTheBudgetCannotHold() {
    ByteBudget budget = new ByteBudget(100_000);
    BodyBuffer first = new BodyBuffer(budget, 1 << 20);
    BodyBuffer second = new BodyBuffer(budget, 1 << 20);

    assertThat(first.reserve(80_000)).isEqualTo(BodyBuffer.Status.OK);
    assertThat(second.reserve(30_000)).isEqualTo(BodyBuffer.Status.NO_BUDGET);
    assertThat(second.reserve(20_000)).isEqualTo(BodyBuffer.Status.OK);
    assertThat(budget.used()).isEqualTo(100_000);
    assertThat(first.reserve(2 << 20)).isEqualTo(BodyBuffer.Status.TOO_LARGE);

    first.release();
    second.release();
    assertThat(budget.used()).isZero();
  }

  @Test
  void budgetNeverGoesNegative() {
    ByteBudget budget = new ByteBudget(10);
    assertThat(budget.tryReserve(10)).isTrue();
    assertThat(budget.tryReserve(1)).isFalse();
    budget.release(10);
    assertThatThrownBy(() -> budget.release(1)).isInstanceOf(IllegalStateException.class);
  }
}
