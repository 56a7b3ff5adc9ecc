package dev.parley.bench.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessagingLadderTest {
    @Test
    void aStepKeepsUpWhenNinetyPercentArriveWithoutErrorsUnderASecondAndNothingIsLeftBehind() {
        assertThat(MessagingLadder.keptUp(1000, 950, 0, 120, 0)).isTrue();
        assertThat(MessagingLadder.keptUp(1000, 899, 0, 120, 0)).as("too few delivered").isFalse();
        assertThat(MessagingLadder.keptUp(1000, 1000, 1, 120, 0)).as("an error").isFalse();
        assertThat(MessagingLadder.keptUp(1000, 1000, 0, 1000, 0)).as("p99 of a second").isFalse();
        assertThat(MessagingLadder.keptUp(1000, 1000, 0, 120, 3)).as("a backlog after the drain").isFalse();
    }

    @Test
    void theLadderNeedsPairsAndPositiveDurations() {
        assertThatThrownBy(() -> new MessagingLadder.Settings(3, List.of(10), 0, 1, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessagingLadder.Settings(2, List.of(), 0, 1, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new MessagingLadder.Settings(2, List.of(10, 20), 0, 0, 1, 1, 1, 1).rates()).containsExactly(10, 20);
    }
}
