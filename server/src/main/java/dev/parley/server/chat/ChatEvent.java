package dev.parley.server.chat;

import dev.parley.protocol.JsonCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored chat event: every change to a chat takes the next seq. Payloads are small JSON records; a new message's
 * content lives in the messages table under the same number.
 */
public record ChatEvent(long chatId, long seq, String kind, String payload, long date) {
    public static final String MESSAGE = "message";
    public static final String EDIT = "edit";
    public static final String DELETE = "delete";
    public static final String MEMBERSHIP = "membership";
    public static final String TITLE = "title";
    public static final String ROLE = "role";
    /** A message's reaction counts changed (payload: the post feature's message reference). */
    public static final String REACTIONS = "reactions";
    /** Messages were pinned or unpinned. */
    public static final String PIN = "pin";
    /** A poll's results changed or it closed. */
    public static final String POLL = "poll";

    /**
     * The messages this event concerns: a post its own seq; edits, deletions, reactions, polls and pins name theirs
     * ({@code id} or {@code ids} in the payload). Chat-wide events (membership, title, role) concern none.
     */
    public List<Long> messageIds(JsonCodec codec) {
        return switch (kind) {
            case MESSAGE -> List.of(seq);
            case EDIT, REACTIONS, POLL, DELETE, PIN -> {
                var tree = codec.readTree(payload);
                if (tree.has("id")) {
                    yield List.of(tree.path("id").asLong());
                }
                List<Long> ids = new ArrayList<>();
                tree.path("ids").forEach(id -> ids.add(id.asLong()));
                yield ids;
            }
            default -> List.of();
        };
    }

    public record Membership(String action, List<Long> userIds, long actorId) {}

    public record Title(String title) {}

    public record RoleChange(long userId, String role) {}

    public record Edit(long id) {}

    public record Delete(List<Long> ids) {}
}
