package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.bot.BotMethods.ButtonAnswer;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.message.Entity;
import dev.parley.protocol.message.Message;
import dev.parley.server.message.MessageService;
import dev.parley.server.message.TypingService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The message methods of the Bot API (sendMessage, forward/copy, edits, deletes, callback answers, chat actions),
 * mapped onto the messaging core as the bot's own account: everything the messaging core checks for users (membership,
 * blocks, authorship) applies to bots too.
 */
final class TelegramMessages {
    private static final Set<String> ACTIONS = Set.of("typing", "upload_photo", "record_video", "upload_video",
            "record_voice", "upload_voice", "upload_document", "choose_sticker", "find_location",
            "record_video_note", "upload_video_note");

    private final MessageService messages;
    private final BotWakeups wakeups;
    private final TypingService typing;
    private final BotStore store;
    private final TelegramRenderer render;
    private final CallbackAnswers callbacks;
    private final SecureRandom random;

    TelegramMessages(MessageService messages, BotWakeups wakeups, TypingService typing, BotStore store, TelegramRenderer render,
            CallbackAnswers callbacks, SecureRandom random) {
        this.messages = messages;
        this.wakeups = wakeups;
        this.typing = typing;
        this.store = store;
        this.render = render;
        this.callbacks = callbacks;
        this.random = random;
    }

    Map<String, BotCall> methods() {
        return Map.ofEntries(
                Map.entry("sendmessage", this::sendMessage),
                Map.entry("forwardmessage", this::forwardMessage),
                Map.entry("forwardmessages", this::forwardMessages),
                Map.entry("copymessage", this::copyMessage),
                Map.entry("copymessages", this::copyMessages),
                Map.entry("editmessagetext", this::editMessageText),
                Map.entry("editmessagereplymarkup", this::editMessageReplyMarkup),
                Map.entry("deletemessage", this::deleteMessage),
                Map.entry("deletemessages", this::deleteMessages),
                Map.entry("answercallbackquery", this::answerCallbackQuery),
                Map.entry("sendchataction", this::sendChatAction));
    }

    private Object sendMessage(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        Formatted text = text(p, "text", "parse_mode", "entities");
        Long replyTo = replyTarget(bot, chatId, p);
        JsonNode markup = markup(p);
        Message sent = sendWithMarkup(bot, chatId, text.text(), parley(text), replyTo, markup);
        return render.message(bot.id(), sent, render.chat(render.chat(bot.id(), chatId)));
    }

    private Object forwardMessage(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long from = p.chatId("from_chat_id");
        long id = p.requireInteger("message_id");
        Message sent = inChannelWords(bot, chatId, () -> messages.forward(bot.id(), from, List.of(id), chatId,
                List.of(randomId())).messages().getFirst());
        return render.message(bot.id(), sent, render.chat(render.chat(bot.id(), chatId)));
    }

    private Object forwardMessages(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long from = p.chatId("from_chat_id");
        List<Long> ids = p.integers("message_ids");
        requireIdCount(ids);
        List<Long> randoms = ids.stream().map(i -> randomId()).toList();
        return inChannelWords(bot, chatId, () -> messages.forward(bot.id(), from, ids, chatId, randoms)).messages()
                .stream()
                .map(m -> new Tg.MessageId(m.id())).toList();
    }

    private Object copyMessage(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long from = p.chatId("from_chat_id");
        long id = p.requireInteger("message_id");
        Message source = render.find(bot.id(), from, id)
                .orElseThrow(() -> TelegramException.badRequest("message to copy not found"));
        Long replyTo = replyTarget(bot, chatId, p);
        JsonNode markup = markup(p);
        Message sent = sendWithMarkup(bot, chatId, source.text(),
                source.entities() == null ? List.of() : source.entities(), replyTo, markup);
        return new Tg.MessageId(sent.id());
    }

    /** As in Telegram: in the given order, skipping messages that cannot be found; returns the copies' ids. */
    private Object copyMessages(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long from = p.chatId("from_chat_id");
        List<Long> ids = p.integers("message_ids");
        requireIdCount(ids);
        List<Tg.MessageId> copies = new ArrayList<>();
        for (long id : ids) {
            render.find(bot.id(), from, id).ifPresent(source -> copies.add(new Tg.MessageId(sendWithMarkup(bot,
                    chatId, source.text(), source.entities() == null ? List.of() : source.entities(), null, null)
                    .id())));
        }
        return copies;
    }

    private Object editMessageText(BotService.Bot bot, BotParams p) {
        requireNotInline(p);
        long chatId = p.chatId("chat_id");
        long id = p.requireInteger("message_id");
        Formatted text = text(p, "text", "parse_mode", "entities");
        JsonNode markup = markup(p);
        Message edited = wakeups.holdingPushes(() -> {
            Message result;
            try {
                result = messages.edit(bot.id(), chatId, id, text.text(), parley(text)).message();
            } catch (ParleyException e) {
                if (e.code() != ErrorCode.MESSAGE_NOT_MODIFIED || sameMarkup(chatId, id, markup)) {
                    throw e;
                }
                result = render.find(bot.id(), chatId, id).orElseThrow(() -> e);
            }
            // As in Telegram, an edit without reply_markup removes the inline keyboard.
            store.putMarkup(chatId, id, bot.id(), markup == null ? null : markup.toString());
            return result;
        });
        return render.message(bot.id(), edited, render.chat(render.chat(bot.id(), chatId)));
    }

    private Object editMessageReplyMarkup(BotService.Bot bot, BotParams p) {
        requireNotInline(p);
        long chatId = p.chatId("chat_id");
        long id = p.requireInteger("message_id");
        JsonNode markup = markup(p);
        Message message = render.find(bot.id(), chatId, id)
                .orElseThrow(() -> TelegramException.badRequest("message to edit not found"));
        if (message.senderId() == null || message.senderId() != bot.id()) {
            throw TelegramException.badRequest("message can't be edited");
        }
        if (sameMarkup(chatId, id, markup)) {
            throw notModified();
        }
        store.putMarkup(chatId, id, bot.id(), markup == null ? null : markup.toString());
        return render.message(bot.id(), message, render.chat(render.chat(bot.id(), chatId)));
    }

    private Object deleteMessage(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        long id = p.requireInteger("message_id");
        messages.delete(bot.id(), chatId, List.of(id), true);
        return true;
    }

    /** Telegram skips messages that cannot be found; so does this. */
    private Object deleteMessages(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        List<Long> ids = p.integers("message_ids");
        requireIdCount(ids);
        render.chat(bot.id(), chatId);
        List<Long> present = ids.stream().filter(id -> render.find(bot.id(), chatId, id).isPresent()).toList();
        if (!present.isEmpty()) {
            messages.delete(bot.id(), chatId, present, true);
        }
        return true;
    }

    private Object answerCallbackQuery(BotService.Bot bot, BotParams p) {
        String id = p.requireString("callback_query_id");
        String text = p.string("text").orElse(null);
        if (text != null && text.codePointCount(0, text.length()) > 200) {
            throw TelegramException.badRequest("MESSAGE_TOO_LONG");
        }
        ButtonAnswer answer = new ButtonAnswer(true, text, p.bool("show_alert", false), p.string("url").orElse(null));
        if (!callbacks.answer(bot.id(), id, answer)) {
            throw TelegramException.badRequest(
                    "query is too old and response timeout expired or query ID is invalid");
        }
        return true;
    }

    private Object sendChatAction(BotService.Bot bot, BotParams p) {
        long chatId = p.chatId("chat_id");
        String action = p.requireString("action");
        if (!ACTIONS.contains(action)) {
            throw TelegramException.badRequest("wrong parameter action in request");
        }
        // Parley shows every action as "typing"; a throttled repeat is still a success, as in Telegram.
        typing.setTyping(bot.id(), chatId);
        return true;
    }

    // ---- shared helpers ----

    /** Sends, then stores the keyboard before anyone is told about the message (see BotWakeups#holdingPushes). */
    private Message sendWithMarkup(BotService.Bot bot, long chatId, String text, List<Entity> entities, Long replyTo,
            JsonNode markup) {
        return inChannelWords(bot, chatId, () -> wakeups.holdingPushes(() -> {
            Message sent = messages.send(bot.id(), chatId, text, randomId(), replyTo, entities).message();
            if (markup != null) {
                store.putMarkup(chatId, sent.id(), bot.id(), markup.toString());
            }
            return sent;
        }));
    }

    /** Posting to a channel without the post right: Telegram's own words for it. */
    private <T> T inChannelWords(BotService.Bot bot, long chatId, java.util.function.Supplier<T> post) {
        try {
            return post.get();
        } catch (ParleyException e) {
            if (e.code() == ErrorCode.FORBIDDEN && ChannelMethods.KIND_CHANNEL.equals(
                    render.chat(bot.id(), chatId).kind())) {
                throw TelegramException.badRequest("need administrator rights in the channel chat");
            }
            throw e;
        }
    }

    /** The text with its entities from parse_mode or an explicit entities array (Telegram ignores both together). */
    Formatted text(BotParams p, String field, String modeField, String entitiesField) {
        String raw = p.string(field).orElse("");
        if (raw.isBlank()) {
            throw TelegramException.badRequest("message text is empty");
        }
        Formatted formatted;
        Optional<String> mode = p.string(modeField);
        if (mode.isPresent()) {
            formatted = switch (mode.get().toLowerCase(java.util.Locale.ROOT)) {
                case "html" -> HtmlFormat.parse(raw);
                case "markdownv2" -> MarkdownV2Format.parse(raw);
                case "markdown" -> throw TelegramException.badRequest(
                        "parse_mode Markdown (legacy) is not supported; use MarkdownV2 or HTML");
                default -> throw TelegramException.badRequest("unsupported parse_mode");
            };
        } else {
            formatted = new Formatted(raw, explicitEntities(p, entitiesField));
        }
        if (formatted.text().isBlank()) {
            throw TelegramException.badRequest("message text is empty");
        }
        return formatted;
    }

    private static List<Tg.MessageEntity> explicitEntities(BotParams p, String field) {
        Optional<JsonNode> list = p.object(field);
        if (list.isEmpty()) {
            return List.of();
        }
        if (!list.get().isArray()) {
            throw TelegramException.badRequest("can't parse entities JSON object");
        }
        List<Tg.MessageEntity> entities = new ArrayList<>();
        for (JsonNode e : list.get()) {
            if (!e.path("type").isTextual() || !e.path("offset").canConvertToInt()
                    || !e.path("length").canConvertToInt()) {
                throw TelegramException.badRequest("can't parse entities: invalid entity");
            }
            entities.add(Formatted.entity(e.get("type").asText(), e.get("offset").asInt(), e.get("length").asInt(),
                    e.path("url").asText(null), e.path("language").asText(null)));
        }
        return entities;
    }

    /** Telegram entities as Parley stores them; detected kinds (url, hashtag, bot_command…) are re-derived. */
    static List<Entity> parley(Formatted text) {
        List<Entity> out = new ArrayList<>();
        for (Tg.MessageEntity e : text.entities()) {
            String type = switch (e.type()) {
                case "bold", "italic", "underline", "strikethrough", "spoiler", "code", "pre", "mention",
                        "blockquote" -> e.type();
                case "expandable_blockquote" -> "blockquote";
                case "text_link" -> "link";
                default -> null;
            };
            if (type != null) {
                try {
                    out.add(new Entity(type, e.offset(), e.length(), type.equals("link") ? e.url() : null));
                } catch (ParleyException invalid) {
                    throw TelegramException.badRequest("can't parse entities: " + invalid.getMessage());
                }
            }
        }
        return out;
    }

    private Long replyTarget(BotService.Bot bot, long chatId, BotParams p) {
        Optional<JsonNode> parameters = p.object("reply_parameters");
        Long target;
        boolean allowWithout;
        if (parameters.isPresent()) {
            JsonNode r = parameters.get();
            if (!r.path("message_id").canConvertToLong()) {
                throw TelegramException.badRequest("message to be replied not found");
            }
            if (r.has("chat_id") && r.get("chat_id").asLong() != chatId) {
                throw TelegramException.notSupported("replying to a message in another chat");
            }
            target = r.get("message_id").asLong();
            allowWithout = r.path("allow_sending_without_reply").asBoolean(false);
        } else {
            target = p.integer("reply_to_message_id").orElse(null);
            allowWithout = p.bool("allow_sending_without_reply", false);
        }
        if (target == null) {
            return null;
        }
        if (target > 0 && render.find(bot.id(), chatId, target).isPresent()) {
            return target;
        }
        if (allowWithout) {
            return null;
        }
        throw TelegramException.badRequest("message to be replied not found");
    }

    private static JsonNode markup(BotParams p) {
        return p.object("reply_markup").map(ReplyMarkups::validate).orElse(null);
    }

    private boolean sameMarkup(long chatId, long messageId, JsonNode markup) {
        Optional<String> current = store.markups(chatId, List.of(messageId)).stream().findFirst()
                .map(BotStore.MarkupRow::markup);
        return current.map(c -> markup != null && c.equals(markup.toString())).orElse(markup == null);
    }

    static TelegramException notModified() {
        return TelegramException.badRequest("message is not modified: specified new message content and reply "
                + "markup are exactly the same as a current content and reply markup of the message");
    }

    private static void requireNotInline(BotParams p) {
        if (p.has("inline_message_id")) {
            throw TelegramException.notSupported("inline mode");
        }
    }

    private static void requireIdCount(List<Long> ids) {
        if (ids.isEmpty() || ids.size() > 100) {
            throw TelegramException.badRequest("message_ids must contain 1-100 identifiers");
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
