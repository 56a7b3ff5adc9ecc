package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.5);

    /** A generator that always yields the same fraction, to pin the jitter at its extremes. */
    private static RandomGenerator fixed(double fraction) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return fraction;
            }
        };
    }

    @Test
    void delaysDoubleFromTheInitialDelayUntilTheCap() {
        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void hugeAttemptNumbersStayAtTheCapWithoutOverflowing() {
        assertThat(backoff.ceiling(10_000)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(Integer.MAX_VALUE, fixed(0.0))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterShortensADelayByAtMostTheJitterFraction() {
        assertThat(backoff.delay(3, fixed(0.0))).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.delay(3, fixed(0.999_999))).isEqualTo(Duration.ofMillis(401));
        RandomGenerator random = new SplittableRandom(42);
        for (int attempt = 0; attempt < 40; attempt++) {
            Duration delay = backoff.delay(attempt, random);
            assertThat(delay).isLessThanOrEqualTo(backoff.ceiling(attempt))
                    .isGreaterThanOrEqualTo(backoff.ceiling(attempt).dividedBy(2));
        }
    }

    @Test
    void jitterSpreadsClientsThatDroppedTogether() {
        RandomGenerator random = new SplittableRandom(7);
        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> backoff.delay(4, random)).distinct().count();
        assertThat(distinct).isGreaterThan(50);
    }

    @Test
    void nonsensicalSchedulesAreRejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.ceiling(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
