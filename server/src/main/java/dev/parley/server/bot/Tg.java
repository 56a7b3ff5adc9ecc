package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The Telegram Bot API objects Parley serves, with Telegram's field names (the mapper in {@link TelegramJson} writes
 * them in snake_case and leaves out nulls, as Telegram does). Only the fields Parley can fill are present.
 */
final class Tg {
    private Tg() {}

    record User(long id, boolean isBot, String firstName, String username, Boolean canJoinGroups,
            Boolean canReadAllGroupMessages, Boolean supportsInlineQueries) {
        static User of(long id, boolean isBot, String firstName, String username) {
            return new User(id, isBot, firstName, username, null, null, null);
        }
    }

    /** {@code type} is private, group, supergroup or channel; a Parley group is a Telegram "group". */
    record Chat(long id, String type, String title, String username, String firstName) {}

    /** What getChat returns (Telegram's ChatFullInfo); accent and reaction fields are required there. */
    record ChatFullInfo(long id, String type, String title, String username, String firstName, int accentColorId,
            int maxReactionCount) {}

    record MessageEntity(String type, int offset, int length, String url, String language, User user) {}

    record MessageOrigin(String type, long date, User senderUser) {}

    record Message(long messageId, User from, long date, Chat chat, MessageOrigin forwardOrigin,
            Message replyToMessage, Long editDate, String text, List<MessageEntity> entities, JsonNode replyMarkup,
            List<User> newChatMembers, User leftChatMember, Boolean groupChatCreated, Poll poll) {}

    record PollOption(String text, int voterCount) {}

    /** {@code type} is regular or quiz; {@code id} is the chat and message id (a poll lives in one message). */
    record Poll(String id, String question, List<PollOption> options, int totalVoterCount, boolean isClosed,
            boolean isAnonymous, String type, boolean allowsMultipleAnswers, Integer correctOptionId,
            String explanation, Long closeDate) {}

    record CallbackQuery(String id, User from, Message message, String chatInstance, String data) {}

    record ChatMemberUpdated(Chat chat, User from, long date, JsonNode oldChatMember, JsonNode newChatMember) {}

    record Update(long updateId, Message message, Message editedMessage, CallbackQuery callbackQuery,
            ChatMemberUpdated myChatMember, ChatMemberUpdated chatMember, Poll poll) {
        Update(long updateId, Message message, Message editedMessage, CallbackQuery callbackQuery,
                ChatMemberUpdated myChatMember, ChatMemberUpdated chatMember) {
            this(updateId, message, editedMessage, callbackQuery, myChatMember, chatMember, null);
        }
    }

    record WebhookInfo(String url, boolean hasCustomCertificate, int pendingUpdateCount, Long lastErrorDate,
            String lastErrorMessage, List<String> allowedUpdates) {}

    record BotCommand(String command, String description) {}

    record MessageId(long messageId) {}
}
