package dev.parley.cli;

import dev.parley.protocol.sync.Update;
import java.util.stream.Collectors;

/** One line per update for people, as {@code receive} prints them (scripts use {@code --json}). */
final class Updates {
    private Updates() {}

    static String describe(Update update, Peers peers, Output output) {
        return switch (update) {
            case Update.NewMessage u -> chat(u.message().chatId()) + peers.line(u.message(), output);
            case Update.EditMessage u -> chat(u.message().chatId()) + "edited " + peers.line(u.message(), output);
            case Update.DeleteMessages u -> chat(u.chatId()) + (u.forEveryone() ? "deleted " : "hidden ")
                    + u.ids().stream().map(id -> "#" + id).collect(Collectors.joining(", "));
            case Update.ReadHistoryInbox u -> chat(u.chatId()) + "you read up to #" + u.maxId() + " ("
                    + u.unreadCount() + " unread)";
            case Update.ReadHistoryOutbox u -> chat(u.chatId()) + "your messages were read up to #" + u.maxId();
            case Update.ChatMembership u -> chat(u.chatId()) + peers.name(u.chatId(), u.actorId()) + " " + u.action()
                    + (u.action().equals("left") ? "" : ": " + u.userIds().stream()
                            .map(id -> peers.name(u.chatId(), id)).collect(Collectors.joining(", ")));
            case Update.ChatTitle u -> chat(u.chatId()) + "title is now \"" + u.title() + "\"";
            case Update.ChatRole u -> chat(u.chatId()) + peers.name(u.chatId(), u.userId()) + " is now " + u.role();
            case Update.ChatDeleted u -> chat(u.chatId()) + "the chat was deleted";
            case Update.Typing u -> chat(u.chatId()) + peers.name(u.chatId(), u.userId()) + " is typing…";
            // End-to-end encryption (docs/protocol/e2e.md): the SDK applies these to the groups; the CLI names them.
            case Update.E2eHandshake u -> chat(u.chatId()) + "encryption " + u.contentType() + " for epoch "
                    + u.epoch() + " by " + peers.name(u.chatId(), u.senderId());
            case Update.E2eWelcome u -> chat(u.chatId()) + "invitation to the encrypted group for your devices "
                    + u.deviceIds();
            case Update.E2eDevicesChanged u -> "user " + u.userId() + " changed their devices: verify the safety "
                    + "number again";
            case Update.E2eTimer u -> chat(u.chatId()) + peers.name(u.chatId(), u.actorId()) + " set messages to "
                    + (u.seconds() == 0 ? "stay" : "disappear after " + u.seconds() + " s");
            case Update.MessageReactions u -> chat(u.chatId()) + "reactions on #" + u.id() + ": "
                    + u.reactions().counts().stream().map(c -> c.reaction() + " " + c.count())
                            .collect(Collectors.joining(", "));
            case Update.PinnedMessages u -> chat(u.chatId()) + (u.pinned() ? "pinned " : "unpinned ")
                    + u.ids().stream().map(id -> "#" + id).collect(Collectors.joining(", "));
            case Update.MessagePoll u -> chat(u.chatId()) + "poll #" + u.id() + (u.poll().closed() ? " (closed)" : "")
                    + ": " + u.poll().options().stream().map(o -> o.text() + " " + o.voters())
                            .collect(Collectors.joining(", "));
        };
    }

    private static String chat(long chatId) {
        return "[chat " + chatId + "] ";
    }
}
