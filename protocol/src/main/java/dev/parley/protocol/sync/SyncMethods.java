package dev.parley.protocol.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.protocol.Fields;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import java.util.List;

/** Params and results of the {@code updates.*} methods (docs/protocol/messaging.md, "Sync"). */
public final class SyncMethods {
    private SyncMethods() {}

    public static final String GET_STATE = "updates.getState";
    public static final String GET_DIFFERENCE = "updates.getDifference";
    public static final int DIFFERENCE_PAGE_MAX = 1000;

    public record GetState() {}

    public record State(long pts) {}

    public record GetDifference(Long pts, Integer limit) {
        public GetDifference {
            Fields.require(pts, "pts");
            if (pts < 0 || pts > Limits.MAX_SAFE_INTEGER) {
                throw ParleyException.badRequest("field 'pts': must be a non-negative integer");
            }
            limit = Fields.range(limit, "limit", 1, DIFFERENCE_PAGE_MAX, 500);
        }
    }

    /**
     * Either a page of updates after the asked pts ({@code state.pts} is the pts after the last one; {@code final}
     * says nothing more is waiting), or {@code tooLong: true} when the asked pts is older than the kept log.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Difference(List<Update> updates, State state, @JsonProperty("final") Boolean isFinal,
            Boolean tooLong) {
        public static Difference page(List<Update> updates, long pts, boolean isFinal) {
            return new Difference(List.copyOf(updates), new State(pts), isFinal, null);
        }

        public static Difference tooLong(long pts) {
            return new Difference(null, new State(pts), null, true);
        }
    }

    /** Result of a method whose effect is logged: the caller's pts after it and how many positions it took. */
    public record Affected(long pts, int ptsCount) {}
}
