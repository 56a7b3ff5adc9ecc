package dev.parley.server.sync;

import java.util.List;

/** What a write transaction produced: the caller's result and the pushes to publish once it has committed. */
public record Committed<T>(T result, List<Push> pushes) {
    public Committed {
        pushes = List.copyOf(pushes);
    }

    /** The pts the user reached in this transaction, if it logged anything for them. */
    public java.util.OptionalLong ptsOf(long userId) {
        return pushes.stream().filter(p -> p.userId() == userId).mapToLong(p -> p.batch().pts()).max();
    }

    /** How many log positions the transaction took for the user. */
    public int ptsCountOf(long userId) {
        return pushes.stream().filter(p -> p.userId() == userId).mapToInt(p -> p.batch().ptsCount()).sum();
    }
}
