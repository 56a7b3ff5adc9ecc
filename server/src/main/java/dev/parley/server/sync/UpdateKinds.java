package dev.parley.server.sync;

/** The {@code kind} values stored in update_log, one per {@link dev.parley.protocol.sync.Update} type. */
public final class UpdateKinds {
    private UpdateKinds() {}

    public static final String NEW_MESSAGE = "newMessage";
    public static final String EDIT_MESSAGE = "editMessage";
    public static final String DELETE_MESSAGES = "deleteMessages";
    public static final String READ_INBOX = "readHistoryInbox";
    public static final String READ_OUTBOX = "readHistoryOutbox";
    public static final String CHAT_MEMBERSHIP = "chatMembership";
    public static final String CHAT_TITLE = "chatTitle";
    public static final String CHAT_ROLE = "chatRole";
    public static final String CHAT_DELETED = "chatDeleted";
    public static final String MESSAGE_REACTIONS = "messageReactions";
    public static final String PINNED_MESSAGES = "pinnedMessages";
    public static final String MESSAGE_POLL = "messagePoll";
}
