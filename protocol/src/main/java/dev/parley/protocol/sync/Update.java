package dev.parley.protocol.sync;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.PostMethods;
import java.util.List;

/**
 * One update in a pushed batch or a difference, tagged by {@code type}. Every logged update carries the {@code pts}
 * it occupies in the receiving user's update log; {@link Typing} is ephemeral and has none. An update rendered from
 * the log shows its object's current state (an edited message shows its latest text, a deleted one is a tombstone),
 * so applying a difference in order always converges.
 */
// The tag is a real property (type()), so it is written even where the declared type is Object (UpdateBatch).
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonPropertyOrder({"type"})
@JsonSubTypes({
        @JsonSubTypes.Type(value = Update.NewMessage.class, name = "newMessage"),
        @JsonSubTypes.Type(value = Update.EditMessage.class, name = "editMessage"),
        @JsonSubTypes.Type(value = Update.DeleteMessages.class, name = "deleteMessages"),
        @JsonSubTypes.Type(value = Update.ReadHistoryInbox.class, name = "readHistoryInbox"),
        @JsonSubTypes.Type(value = Update.ReadHistoryOutbox.class, name = "readHistoryOutbox"),
        @JsonSubTypes.Type(value = Update.ChatMembership.class, name = "chatMembership"),
        @JsonSubTypes.Type(value = Update.ChatTitle.class, name = "chatTitle"),
        @JsonSubTypes.Type(value = Update.ChatRole.class, name = "chatRole"),
        @JsonSubTypes.Type(value = Update.ChatDeleted.class, name = "chatDeleted"),
        @JsonSubTypes.Type(value = Update.Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = Update.EventReminder.class, name = "eventReminder"),
        @JsonSubTypes.Type(value = Update.E2eHandshake.class, name = "e2eHandshake"),
        @JsonSubTypes.Type(value = Update.E2eWelcome.class, name = "e2eWelcome"),
        @JsonSubTypes.Type(value = Update.E2eDevicesChanged.class, name = "e2eDevicesChanged"),
        @JsonSubTypes.Type(value = Update.E2eTimer.class, name = "e2eTimer"),
        @JsonSubTypes.Type(value = Update.MessageReactions.class, name = "messageReactions"),
        @JsonSubTypes.Type(value = Update.PinnedMessages.class, name = "pinnedMessages"),
        @JsonSubTypes.Type(value = Update.MessagePoll.class, name = "messagePoll")
})
public sealed interface Update {

    /** A new message in a chat the user belongs to; {@code message.out} tells whether the user sent it. */
    record NewMessage(Message message, long pts) implements Update {}

    record EditMessage(Message message, long pts) implements Update {}

    /** Messages removed for everyone, or (forEveryone false) hidden only for this user on all their devices. */
    record DeleteMessages(long chatId, List<Long> ids, boolean forEveryone, long pts) implements Update {}

    /** The user (on some device) read incoming messages up to maxId; unreadCount is what was left unread then. */
    record ReadHistoryInbox(long chatId, long maxId, int unreadCount, long pts) implements Update {}

    /** Someone else read the user's messages in the chat up to maxId. */
    record ReadHistoryOutbox(long chatId, long maxId, long pts) implements Update {}

    /** Membership changed: action is created, added, removed or left; actorId is who did it. */
    record ChatMembership(long chatId, String action, List<Long> userIds, long actorId, long pts) implements Update {}

    record ChatTitle(long chatId, String title, long pts) implements Update {}

    record ChatRole(long chatId, long userId, String role, long pts) implements Update {}

    /** The chat no longer exists (its other party deleted their account, or its last member left). */
    record ChatDeleted(long chatId, long pts) implements Update {}

    /**
     * An event of the chat that the user answered going or maybe to starts soon (docs/protocol/channels.md,
     * "Events"). Logged in the user's own update log, so it reaches every device once, also after a reconnect.
     */
    record EventReminder(long chatId, long eventId, String title, long startDate, long pts) implements Update {}

    /** Ephemeral: userId is typing in chatId. Never stored, pushed with ptsCount 0. */
    record Typing(long chatId, long userId) implements Update {}

    /**
     * A message's reaction counts changed; {@code reactions.mine} is the receiver's own reaction where known (pushes
     * to other readers of a large chat leave it out: it is unchanged for them). {@code change} (whose reaction
     * changed from what to what) is present only for a bot account that is an admin of a group or supergroup (the
     * Bot API's message_reaction); people's clients never receive it.
     */
    record MessageReactions(long chatId, long id, PostMethods.Reactions reactions, long pts,
            PostMethods.ReactionChange change) implements Update {
        public MessageReactions(long chatId, long id, PostMethods.Reactions reactions, long pts) {
            this(chatId, id, reactions, pts, null);
        }
    }

    /** Messages were pinned ({@code pinned}) or unpinned; {@code silent}: clients should not notify about the pin. */
    record PinnedMessages(long chatId, List<Long> ids, boolean pinned, boolean silent, long pts) implements Update {}

    /**
     * A poll's results changed (a vote) or it closed; the poll as the receiver sees it. {@code answer} (who voted
     * what) is present only for a bot account reading a vote in a public poll it sent (the Bot API's poll_answer).
     */
    record MessagePoll(long chatId, long id, PostMethods.Poll poll, long pts, PostMethods.PollAnswer answer)
            implements Update {
        public MessagePoll(long chatId, long id, PostMethods.Poll poll, long pts) {
            this(chatId, id, poll, pts, null);
        }
    }

    /**
     * An MLS handshake message (proposal or commit, base64 MLSMessage) the delivery service accepted for the chat's
     * group, in its total order: {@code seq} is its chat event number, {@code epoch} the epoch it was sent in.
     * Members apply handshakes and application messages in seq order (docs/protocol/e2e.md).
     */
    record E2eHandshake(long chatId, long seq, long epoch, String contentType, long senderId, String message, long pts)
            implements Update {}

    /** A Welcome for some of the user's devices ({@code deviceIds}) to join the chat's MLS group. */
    record E2eWelcome(long chatId, long welcomeId, List<Long> deviceIds, long epoch, String message, long pts)
            implements Update {}

    /** A user sharing an encrypted chat with this user (or this user) changed their device keys. */
    record E2eDevicesChanged(long userId, long keyChangedAt, long pts) implements Update {}

    /** The chat's disappearing-message timer changed (0 = off); actorId set it. */
    record E2eTimer(long chatId, int seconds, long actorId, long pts) implements Update {}

    /** The wire tag: newMessage, editMessage, … */
    @JsonProperty("type")
    default String type() {
        return switch (this) {
            case NewMessage u -> "newMessage";
            case EditMessage u -> "editMessage";
            case DeleteMessages u -> "deleteMessages";
            case ReadHistoryInbox u -> "readHistoryInbox";
            case ReadHistoryOutbox u -> "readHistoryOutbox";
            case ChatMembership u -> "chatMembership";
            case ChatTitle u -> "chatTitle";
            case ChatRole u -> "chatRole";
            case ChatDeleted u -> "chatDeleted";
            case Typing u -> "typing";
            case EventReminder u -> "eventReminder";
            case E2eHandshake u -> "e2eHandshake";
            case E2eWelcome u -> "e2eWelcome";
            case E2eDevicesChanged u -> "e2eDevicesChanged";
            case E2eTimer u -> "e2eTimer";
            case MessageReactions u -> "messageReactions";
            case PinnedMessages u -> "pinnedMessages";
            case MessagePoll u -> "messagePoll";
        };
    }

    /** The pts this update occupies, or 0 for ephemeral updates. */
    default long ptsOf() {
        return switch (this) {
            case NewMessage u -> u.pts();
            case EditMessage u -> u.pts();
            case DeleteMessages u -> u.pts();
            case ReadHistoryInbox u -> u.pts();
            case ReadHistoryOutbox u -> u.pts();
            case ChatMembership u -> u.pts();
            case ChatTitle u -> u.pts();
            case ChatRole u -> u.pts();
            case ChatDeleted u -> u.pts();
            case Typing u -> 0;
            case EventReminder u -> u.pts();
            case E2eHandshake u -> u.pts();
            case E2eWelcome u -> u.pts();
            case E2eDevicesChanged u -> u.pts();
            case E2eTimer u -> u.pts();
            case MessageReactions u -> u.pts();
            case PinnedMessages u -> u.pts();
            case MessagePoll u -> u.pts();
        };
    }
}
