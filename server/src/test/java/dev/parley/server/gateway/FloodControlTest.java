package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket, on a fake clock. */
class FloodControlTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FloodControl flood = new FloodControl(2, 3, now::get);
    private final Object key = new FloodControl.SessionKey(1);

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aBurstIsAllowedThenTheCallerMustWait() {
        for (int i = 0; i < 3; i++) {
            assertThat(flood.tryAcquire(key)).isEmpty();
        }

        assertThat(flood.tryAcquire(key)).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void tokensRefillAtTheRate() {
        for (int i = 0; i < 3; i++) {
            flood.tryAcquire(key);
        }

        advance(500);

        assertThat(flood.tryAcquire(key)).isEmpty();
        assertThat(flood.tryAcquire(key)).isPresent();
    }

    @Test
    void retryAfterIsRoundedUpToWholeSeconds() {
        FloodControl slow = new FloodControl(0.25, 1, now::get);
        slow.tryAcquire(key);

        assertThat(slow.tryAcquire(key)).isEqualTo(OptionalInt.of(4));
        advance(3_500);
        assertThat(slow.tryAcquire(key)).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void keysHaveSeparateBuckets() {
        for (int i = 0; i < 3; i++) {
            flood.tryAcquire(key);
        }

        assertThat(flood.tryAcquire(new FloodControl.SessionKey(2))).isEmpty();
        assertThat(flood.tryAcquire(new FloodControl.AddressKey("127.0.0.1"))).isEmpty();
    }

    @Test
    void refilledBucketsAreEvictedAndBusyOnesKept() {
        flood.tryAcquire(key);
        flood.tryAcquire(new FloodControl.AddressKey("10.0.0.1"));
        advance(1_000);
        flood.tryAcquire(new FloodControl.AddressKey("10.0.0.2"));

        flood.evictIdle();

        assertThat(flood.trackedKeys()).isEqualTo(1);
    }
}
