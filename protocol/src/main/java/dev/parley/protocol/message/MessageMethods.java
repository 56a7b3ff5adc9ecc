package dev.parley.protocol.message;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fields;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.chat.ChatMethods;
import java.util.LinkedHashSet;
import java.util.List;

/** Params and results of the {@code messages.*} methods (docs/protocol/messaging.md, "Messages"). */
public final class MessageMethods {
    private MessageMethods() {}

    public static final String SEND = "messages.send";
    public static final String FORWARD = "messages.forward";
    public static final String EDIT = "messages.edit";
    public static final String DELETE = "messages.delete";
    public static final String GET_HISTORY = "messages.getHistory";
    public static final String SEARCH = "messages.search";
    public static final String READ_HISTORY = "messages.readHistory";
    public static final String GET_DIALOGS = "messages.getDialogs";
    public static final String SET_TYPING = "messages.setTyping";

    public static final int IDS_MAX = 100;
    public static final int PAGE_MAX = 100;
    public static final int QUERY_MAX = 256;

    /** A randomId is any non-zero integer within ±2^53 the client picks at random per message. */
    static long validRandomId(Long value, String field) {
        Fields.require(value, field);
        if (value == 0 || Math.abs(value) > Limits.MAX_SAFE_INTEGER) {
            throw ParleyException.badRequest("field '" + field + "': must be a non-zero integer within ±2^53");
        }
        return value;
    }

    static List<Long> validIds(List<Long> values, String field) {
        Fields.require(values, field);
        if (values.isEmpty() || values.size() > IDS_MAX) {
            throw ParleyException.badRequest("field '" + field + "': 1–" + IDS_MAX + " ids");
        }
        LinkedHashSet<Long> distinct = new LinkedHashSet<>();
        for (Long id : values) {
            distinct.add(Fields.positiveId(id, field + "[]"));
        }
        return List.copyOf(distinct);
    }

    /**
     * {@code silent: true} marks the message so receiving clients do not notify (no sound, no badge bump).
     * {@code scheduleDate} (Unix seconds) stores it as a scheduled message delivered then (docs/protocol/channels.md,
     * "Scheduled messages"); {@code topicId} posts into a forum topic of a supergroup.
     */
    public record Send(Long chatId, String text, Long randomId, Long replyToId, List<Entity> entities,
            Boolean silent, Long scheduleDate, Long topicId) {
        public Send(Long chatId, String text, Long randomId, Long replyToId, List<Entity> entities) {
            this(chatId, text, randomId, replyToId, entities, null);
        }

        public Send(Long chatId, String text, Long randomId, Long replyToId, List<Entity> entities,
                Boolean silent) {
            this(chatId, text, randomId, replyToId, entities, silent, null, null);
        }

        public Send {
            silent = silent != null && silent;
            if (scheduleDate != null && (scheduleDate <= 0 || scheduleDate > Limits.MAX_SAFE_INTEGER)) {
                throw new ParleyException(ErrorCode.SCHEDULE_DATE_INVALID, "field 'scheduleDate': a Unix time");
            }
            if (topicId != null) {
                Fields.positiveId(topicId, "topicId");
            }
            Fields.positiveId(chatId, "chatId");
            text = Entities.text(text, "text");
            validRandomId(randomId, "randomId");
            if (replyToId != null) {
                Fields.positiveId(replyToId, "replyToId");
            }
            entities = Entities.validate(text, entities);
        }
    }

    /** {@code topicId}: the forum topic of {@code toChatId} the copies go into (absent: General in a forum). */
    public record Forward(Long fromChatId, List<Long> ids, Long toChatId, List<Long> randomIds, Long topicId) {
        public Forward(Long fromChatId, List<Long> ids, Long toChatId, List<Long> randomIds) {
            this(fromChatId, ids, toChatId, randomIds, null);
        }

        public Forward {
            Fields.positiveId(fromChatId, "fromChatId");
            Fields.positiveId(toChatId, "toChatId");
            if (topicId != null) {
                Fields.positiveId(topicId, "topicId");
            }
            Fields.require(ids, "ids");
            Fields.require(randomIds, "randomIds");
            if (ids.size() != randomIds.size()) {
                throw ParleyException.badRequest("field 'randomIds': one randomId per id");
            }
            List<Long> distinct = validIds(ids, "ids");
            if (distinct.size() != ids.size()) {
                throw ParleyException.badRequest("field 'ids': duplicate ids");
            }
            if (new LinkedHashSet<>(randomIds).size() != randomIds.size()) {
                throw ParleyException.badRequest("field 'randomIds': duplicate randomIds");
            }
            randomIds.forEach(r -> validRandomId(r, "randomIds[]"));
            ids = distinct;
            randomIds = List.copyOf(randomIds);
        }
    }

    public record Edit(Long chatId, Long id, String text, List<Entity> entities) {
        public Edit {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(id, "id");
            text = Entities.text(text, "text");
            entities = Entities.validate(text, entities);
        }
    }

    public record Delete(Long chatId, List<Long> ids, Boolean forEveryone) {
        public Delete {
            Fields.positiveId(chatId, "chatId");
            ids = validIds(ids, "ids");
            forEveryone = forEveryone != null && forEveryone;
        }
    }

    /** {@code topicId}: only the messages of that forum topic (supergroups in forum mode). */
    public record GetHistory(Long chatId, Long offsetId, Integer limit, String direction, Long topicId) {
        public GetHistory(Long chatId, Long offsetId, Integer limit, String direction) {
            this(chatId, offsetId, limit, direction, null);
        }

        public GetHistory {
            if (topicId != null) {
                Fields.positiveId(topicId, "topicId");
            }
            Fields.positiveId(chatId, "chatId");
            if (offsetId != null && (offsetId < 0 || offsetId > Limits.MAX_SAFE_INTEGER)) {
                throw ParleyException.badRequest("field 'offsetId': must be a non-negative id");
            }
            limit = Fields.range(limit, "limit", 1, PAGE_MAX, 50);
            direction = direction == null ? "older" : direction;
            if (!direction.equals("older") && !direction.equals("newer")) {
                throw ParleyException.badRequest("field 'direction': must be \"older\" or \"newer\"");
            }
        }

        public boolean older() {
            return direction.equals("older");
        }
    }

    public record Search(Long chatId, String query, Integer limit) {
        public Search {
            if (chatId != null) {
                Fields.positiveId(chatId, "chatId");
            }
            query = Fields.text(query, "query", 1, QUERY_MAX, false, ErrorCode.BAD_REQUEST);
            limit = Fields.range(limit, "limit", 1, PAGE_MAX, 20);
        }
    }

    public record ReadHistory(Long chatId, Long maxId) {
        public ReadHistory {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(maxId, "maxId");
        }
    }

    public record GetDialogs(Integer offset, Integer limit) {
        public GetDialogs {
            offset = Fields.range(offset, "offset", 0, Integer.MAX_VALUE, 0);
            limit = Fields.range(limit, "limit", 1, PAGE_MAX, 50);
        }
    }

    public record SetTyping(Long chatId) {
        public SetTyping {
            Fields.positiveId(chatId, "chatId");
        }
    }

    /** Result of send: the stored message and the sender's pts after it (a resend returns both unchanged). */
    public record Sent(Message message, long pts) {}

    public record Forwarded(List<Message> messages, long pts) {}

    public record Edited(Message message, long pts) {}

    public record Messages(List<Message> messages) {}

    /** One chat in the dialog list: the chat, its newest visible message (absent if none) and the read state. */
    public record Dialog(ChatMethods.Chat chat, Message topMessage, int unreadCount, long readInboxMaxId,
            long readOutboxMaxId) {}

    public record Dialogs(List<Dialog> dialogs) {}
}
