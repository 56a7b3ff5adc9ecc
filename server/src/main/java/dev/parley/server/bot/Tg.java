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

    /**
     * {@code from} is absent and {@code senderChat} is the channel for channel posts, which speak as the channel;
     * {@code authorSignature} is the author's name when the channel signs its posts.
     */
    record Message(long messageId, User from, Chat senderChat, long date, Chat chat, String authorSignature,
            MessageOrigin forwardOrigin, Message replyToMessage, Long editDate, String text,
            List<MessageEntity> entities, JsonNode replyMarkup, List<User> newChatMembers, User leftChatMember,
            Boolean groupChatCreated, Poll poll) {
        Message withPoll(Poll newPoll) {
            return new Message(messageId, from, senderChat, date, chat, authorSignature, forwardOrigin,
                    replyToMessage, editDate, text, entities, replyMarkup, newChatMembers, leftChatMember,
                    groupChatCreated, newPoll);
        }
    }

    record PollOption(String text, int voterCount) {}

    /** {@code type} is regular or quiz; {@code id} is the chat and message id (a poll lives in one message). */
    record Poll(String id, String question, List<PollOption> options, int totalVoterCount, boolean isClosed,
            boolean isAnonymous, String type, boolean allowsMultipleAnswers, Integer correctOptionId,
            String explanation, Long closeDate) {}

    /** A vote in a public poll the bot sent; {@code optionIds} empty when the vote was retracted. */
    record PollAnswer(String pollId, User user, List<Integer> optionIds) {}

    /** {@code type} is "emoji" (the only kind Parley has). */
    record ReactionType(String type, String emoji) {
        static List<ReactionType> of(String emoji) {
            return emoji == null ? List.of() : List.of(new ReactionType("emoji", emoji));
        }
    }

    record MessageReactionUpdated(Chat chat, long messageId, User user, long date, List<ReactionType> oldReaction,
            List<ReactionType> newReaction) {}

    record ReactionCount(ReactionType type, int totalCount) {}

    record MessageReactionCountUpdated(Chat chat, long messageId, long date, List<ReactionCount> reactions) {}

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
