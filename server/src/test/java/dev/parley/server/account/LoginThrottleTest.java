package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.server.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new Config.Accounts(1024, 1, 1, 3, 10), clock);

    @Test
    void afterTheFreeFailuresTheDelayDoublesUpToTheCap() {
        for (int i = 0; i < 3; i++) {
            throttle.begin("alice", "10.0.0.1");
        }
        List<Integer> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            throttle.begin("alice", "10.0.0." + (i + 2));
            ParleyException blocked = catchThrowableOfType(ParleyException.class,
                    () -> throttle.begin("alice", "10.0.1.1"));
            assertThat(blocked.code()).isEqualTo(ErrorCode.FLOOD_WAIT);
            waits.add(blocked.retryAfter().orElseThrow());
            clock.advance(Duration.ofSeconds(blocked.retryAfter().orElseThrow()));
        }

        assertThat(waits).containsExactly(1, 2, 4, 8, 10, 10);
    }

    @Test
    void aBlockedUsernameIsFreeAgainOnceItsDelayHasPassed() {
        for (int i = 0; i < 4; i++) {
            throttle.begin("alice", "10.0.0.1");
        }
        assertThat(floodWait(() -> throttle.begin("alice", "10.0.0.1"))).isEqualTo(1);

        clock.advance(Duration.ofMillis(999));
        assertThat(floodWait(() -> throttle.begin("alice", "10.0.0.1"))).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));

        assertThatCode(() -> throttle.begin("alice", "10.0.0.1")).doesNotThrowAnyException();
    }

    @Test
    void successClearsTheUsernameCount() {
        for (int i = 0; i < 3; i++) {
            throttle.begin("alice", "10.0.0.1");
        }
        throttle.succeeded(throttle.begin("alice", "10.0.0.1"));

        for (int i = 0; i < 4; i++) {
            throttle.begin("alice", "10.0.0.1");
        }
        assertThat(floodWait(() -> throttle.begin("alice", "10.0.0.1"))).isEqualTo(1);
    }

    @Test
    void oneAddressTryingManyUsernamesIsBlockedAfterFourTimesTheFreeFailures() {
        for (int i = 0; i < 13; i++) {
            throttle.begin("user" + i, "203.0.113.7:4000" + i);
        }

        assertThat(floodWait(() -> throttle.begin("fresh_user", "203.0.113.7"))).isEqualTo(1);
        assertThatCode(() -> throttle.begin("fresh_user", "203.0.113.8")).doesNotThrowAnyException();
    }

    @Test
    void ipv6AddressesCountPerSlash64() {
        assertThat(LoginThrottle.addressKey("[2001:db8:1:2:aaaa::1]:443"))
                .isEqualTo(LoginThrottle.addressKey("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertThat(LoginThrottle.addressKey("2001:db8:1:2::1")).isNotEqualTo(LoginThrottle.addressKey("2001:db8:1:3::1"));
        assertThat(LoginThrottle.addressKey("/192.0.2.1:5555")).isEqualTo("192.0.2.1");
        assertThat(LoginThrottle.addressKey(null)).isEqualTo("unknown");
    }

    @Test
    void parallelAttemptsCountBeforeTheyFinish() {
        // Four attempts in flight at once (none reported yet) already use up the free failures and one more.
        for (int i = 0; i < 4; i++) {
            throttle.begin("alice", "10.0.0." + i);
        }

        assertThat(floodWait(() -> throttle.begin("alice", "10.0.9.9"))).isEqualTo(1);
    }

    @Test
    void aQuietKeyIsForgotten() {
        for (int i = 0; i < 10; i++) {
            throttle.begin("alice", "10.0.0." + i);
            clock.advance(Duration.ofSeconds(10));
        }
        clock.advance(Duration.ofMinutes(16));

        for (int i = 0; i < 4; i++) {
            assertThatCode(() -> throttle.begin("alice", "10.0.1.1")).doesNotThrowAnyException();
        }
    }

    private static int floodWait(Runnable attempt) {
        ParleyException error = catchThrowableOfType(ParleyException.class, attempt::run);
        assertThat(error).as("expected FLOOD_WAIT").isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.FLOOD_WAIT);
        return error.retryAfter().orElseThrow();
    }
}
