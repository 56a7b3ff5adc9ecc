package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.chat.ChatMethods;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.PostMethods;
import dev.parley.server.post.PostFeature;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Polls, reactions and pins of the Bot API, run as the bot's own account on the post feature
 * (docs/protocol/posts.md), so the bot needs the same membership and rights a person would. Parley's typed errors
 * become Telegram's wording here where they differ per method; the rest goes through {@link TelegramErrors}.
 */
final class TelegramPosts {
    /** Telegram's bounds for open_period, in seconds. */
    private static final int OPEN_PERIOD_MIN = 5;
    private static final int OPEN_PERIOD_MAX = 600;

    private final PostFeature posts;
    private final TelegramRenderer render;
    private final SecureRandom random;
    private final Clock clock;

    TelegramPosts(PostFeature posts, TelegramRenderer render, SecureRandom random, Clock clock) {
        this.posts = posts;
        this.render = render;
        this.random = random;
        this.clock = clock;
    }

    Map<String, BotCall> methods() {
        return Map.ofEntries(
                Map.entry("sendpoll", this::sendPoll),
                Map.entry("stoppoll", this::stopPoll),
                Map.entry("setmessagereaction", this::setMessageReaction),
                Map.entry("pinchatmessage", this::pinChatMessage),
                Map.entry("unpinchatmessage", this::unpinChatMessage),
                Map.entry("unpinallchatmessages", this::unpinAllChatMessages));
    }

    // ---- polls ----

    private Object sendPoll(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        String question = p.string("question").orElse("");
        if (question.isBlank()) {
            throw TelegramException.badRequest("poll question must be non-empty");
        }
        List<String> options = options(p);
        if (options.size() < PostMethods.POLL_OPTIONS_MIN) {
            throw TelegramException.badRequest("poll must have at least 2 option");
        }
        if (options.size() > PostMethods.POLL_OPTIONS_MAX) {
            throw TelegramException.badRequest("poll can't have more than 10 options");
        }
        String type = p.string("type").orElse("regular");
        if (!type.equals("regular") && !type.equals("quiz")) {
            throw TelegramException.badRequest("wrong poll type specified");
        }
        boolean quiz = type.equals("quiz");
        Integer correct = p.integer("correct_option_id").map(Long::intValue).orElse(null);
        if (quiz && (correct == null || correct < 0 || correct >= options.size())) {
            throw TelegramException.badRequest("wrong correct option id specified");
        }
        boolean multiple = p.bool("allows_multiple_answers", false);
        if (quiz && multiple) {
            throw TelegramException.badRequest("POLL_ANSWERS_INVALID");
        }
        String explanation = quiz ? p.string("explanation").orElse(null) : null;
        Long closeDate = closeDate(p);
        PostMethods.SendPoll request;
        try {
            request = new PostMethods.SendPoll(chatId, randomId(), question, options, quiz,
                    quiz ? correct : null, explanation, p.bool("is_anonymous", true), multiple, closeDate,
                    p.bool("disable_notification", false));
        } catch (ParleyException e) {
            throw TelegramException.badRequest(e.code() == ErrorCode.BAD_REQUEST && e.getMessage().contains("options")
                    ? "POLL_ANSWERS_INVALID" : "POLL_QUESTION_INVALID");
        }
        ChatMethods.Chat chat = render.chat(bot.id(), chatId);
        boolean channel = ChannelMethods.KIND_CHANNEL.equals(chat.kind());
        if (channel && Boolean.FALSE.equals(request.anonymous())) {
            throw TelegramException.badRequest("non-anonymous polls can't be sent to channel chats");
        }
        Message sent;
        try {
            sent = posts.polls.sendPoll(bot.id(), request).message();
        } catch (ParleyException e) {
            if (channel && e.code() == ErrorCode.FORBIDDEN) {
                throw TelegramException.badRequest("need administrator rights in the channel chat");
            }
            throw e;
        }
        Tg.Message message = render.message(bot.id(), sent, render.chat(chat));
        // The sender sees a quiz's answer in Telegram from the start; the core shows it only after voting.
        Tg.Poll poll = message.poll();
        if (poll != null && quiz) {
            poll = new Tg.Poll(poll.id(), poll.question(), poll.options(), poll.totalVoterCount(), poll.isClosed(),
                    poll.isAnonymous(), poll.type(), poll.allowsMultipleAnswers(), correct, explanation,
                    poll.closeDate());
            message = message.withPoll(poll);
        }
        return message;
    }

    private Object stopPoll(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long messageId = p.requireInteger("message_id");
        // The core closes idempotently; Telegram refuses a second stop.
        boolean closedBefore = render.find(bot.id(), chatId, messageId)
                .map(m -> m.poll() != null && m.poll().closed()).orElse(false);
        try {
            PostMethods.Poll poll = posts.polls.closePoll(bot.id(), chatId, messageId);
            if (closedBefore) {
                throw TelegramException.badRequest("poll has already been closed");
            }
            return TelegramRenderer.poll(chatId, messageId, poll);
        } catch (ParleyException e) {
            throw switch (e.code()) {
                case MESSAGE_NOT_FOUND -> TelegramException.badRequest("message with poll to stop not found");
                case BAD_REQUEST -> TelegramException.badRequest("message with poll to stop not found");
                case FORBIDDEN -> TelegramException.badRequest("poll can't be stopped");
                default -> e;
            };
        }
    }

    /** InputPollOption objects ({"text": …}) or, as older libraries send them, plain strings. */
    private static List<String> options(BotParams p) {
        JsonNode node = p.object("options").orElseThrow(() -> TelegramException.badRequest(
                "poll must have at least 2 option"));
        if (!node.isArray()) {
            throw TelegramException.badRequest("can't parse options JSON object");
        }
        List<String> options = new ArrayList<>();
        for (JsonNode option : node) {
            String text = option.isTextual() ? option.asText() : option.path("text").asText("");
            if (text.isBlank()) {
                throw TelegramException.badRequest("POLL_ANSWERS_INVALID");
            }
            options.add(text);
        }
        return options;
    }

    /** open_period (5–600 s from now) or close_date, as in Telegram; neither: the poll stays open. */
    private Long closeDate(BotParams p) {
        Optional<Long> period = p.integer("open_period");
        if (period.isPresent()) {
            if (period.get() < OPEN_PERIOD_MIN || period.get() > OPEN_PERIOD_MAX) {
                throw TelegramException.badRequest("wrong open period specified");
            }
            return clock.instant().getEpochSecond() + period.get();
        }
        Optional<Long> date = p.integer("close_date");
        if (date.isPresent()) {
            long wait = date.get() - clock.instant().getEpochSecond();
            if (wait < OPEN_PERIOD_MIN || wait > OPEN_PERIOD_MAX) {
                throw TelegramException.badRequest("wrong close date specified");
            }
            return date.get();
        }
        return null;
    }

    // ---- reactions ----

    /** One emoji reaction per bot and message, as Telegram allows bots; an empty or absent list removes it. */
    private Object setMessageReaction(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long messageId = p.requireInteger("message_id");
        String emoji = null;
        Optional<JsonNode> reactions = p.object("reaction");
        if (reactions.isPresent()) {
            JsonNode list = reactions.get();
            if (!list.isArray()) {
                throw TelegramException.badRequest("can't parse reaction types JSON object");
            }
            if (list.size() > 1) {
                throw TelegramException.badRequest("REACTIONS_TOO_MANY");
            }
            if (list.size() == 1) {
                JsonNode reaction = list.get(0);
                if (!"emoji".equals(reaction.path("type").asText()) || reaction.path("emoji").asText("").isEmpty()) {
                    throw TelegramException.badRequest("REACTION_INVALID");
                }
                emoji = reaction.path("emoji").asText();
            }
        }
        try {
            posts.reactions.sendReaction(bot.id(), chatId, messageId, emoji);
        } catch (ParleyException e) {
            throw switch (e.code()) {
                case REACTION_INVALID, BAD_REQUEST -> TelegramException.badRequest("REACTION_INVALID");
                case MESSAGE_NOT_FOUND -> TelegramException.badRequest("message to react not found");
                default -> e;
            };
        }
        return true;
    }

    // ---- pins ----

    private Object pinChatMessage(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long messageId = p.requireInteger("message_id");
        pins(() -> posts.pins.pin(bot.id(), chatId, messageId, p.bool("disable_notification", false)));
        return true;
    }

    /** Without message_id: the most recently pinned message, as in Telegram. */
    private Object unpinChatMessage(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        Optional<Long> messageId = p.integer("message_id");
        pins(() -> {
            Optional<Long> target = messageId.isPresent() ? messageId
                    : posts.pins.getPinned(bot.id(), chatId).messages().stream().findFirst().map(Message::id);
            target.ifPresent(id -> posts.pins.unpin(bot.id(), chatId, id));
        });
        return true;
    }

    private Object unpinAllChatMessages(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        pins(() -> posts.pins.unpinAll(bot.id(), chatId));
        return true;
    }

    private static void pins(Runnable change) {
        try {
            change.run();
        } catch (ParleyException e) {
            throw switch (e.code()) {
                case FORBIDDEN -> TelegramException.badRequest("not enough rights to manage pinned messages in the "
                        + "chat");
                case MESSAGE_NOT_FOUND -> TelegramException.badRequest("message to pin not found");
                default -> e;
            };
        }
    }

    private long randomId() {
        long value;
        do {
            value = random.nextLong() & Limits.MAX_SAFE_INTEGER;
        } while (value == 0);
        return value;
    }
}
