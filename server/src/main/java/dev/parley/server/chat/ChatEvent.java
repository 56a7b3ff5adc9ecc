package dev.parley.server.chat;

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

    public record Membership(String action, List<Long> userIds, long actorId) {}

    public record Title(String title) {}

    public record RoleChange(long userId, String role) {}

    public record Edit(long id) {}

    public record Delete(List<Long> ids) {}
}
