package dev.parley.crypto.mls;

import java.util.List;
import java.util.Objects;

/** What handling a handshake message (proposal or commit) from another member did. */
public sealed interface HandshakeOutcome {

    /**
     * A commit moved the group to the next epoch.
     *
     * @param state the new state to persist
     * @param committer who committed
     * @param added members that joined with this commit
     * @param removed members that left with this commit
     */
    record Advanced(GroupState state, Member committer, List<Member> added, List<Member> removed)
            implements HandshakeOutcome {
        public Advanced {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(committer, "committer");
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }

    /** A proposal was stored; it takes effect with a later commit that references it. */
    record ProposalQueued(GroupState state, Member proposer) implements HandshakeOutcome {
        public ProposalQueued {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(proposer, "proposer");
        }
    }

    /**
     * A valid commit removed this device. The group is over for it: delete the state; it cannot decrypt anything
     * sent after this commit.
     *
     * @param epoch the epoch the commit ended
     * @param remover who committed the removal
     */
    record Removed(long epoch, Member remover) implements HandshakeOutcome {
        public Removed {
            Objects.requireNonNull(remover, "remover");
        }
    }
}
