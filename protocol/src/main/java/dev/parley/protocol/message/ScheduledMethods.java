package dev.parley.protocol.message;

import dev.parley.protocol.Fields;
import java.util.List;

/**
 * Scheduled messages (docs/protocol/channels.md, "Scheduled messages"): {@code messages.send} with a
 * {@code scheduleDate} stores one, these methods list, cancel or deliver them early. Scheduled messages have their
 * own ids (not chat seqs: they take a seq only when delivered).
 */
public final class ScheduledMethods {
    private ScheduledMethods() {}

    public static final String GET_SCHEDULED = "messages.getScheduled";
    public static final String DELETE_SCHEDULED = "messages.deleteScheduled";
    public static final String SEND_SCHEDULED_NOW = "messages.sendScheduledNow";

    public record GetScheduled(Long chatId) {
        public GetScheduled {
            Fields.positiveId(chatId, "chatId");
        }
    }

    /** {@code ids}: scheduled-message ids of the caller in this chat. */
    public record ScheduledRef(Long chatId, List<Long> ids) {
        public ScheduledRef {
            Fields.positiveId(chatId, "chatId");
            ids = MessageMethods.validIds(ids, "ids");
        }
    }

    /** A message waiting for its date; only its author sees it. */
    public record ScheduledMessage(long chatId, long id, long scheduleDate, String text, List<Entity> entities,
            Long replyToId, Boolean silent, Long topicId) {}

    /** Result of {@code messages.send} with a scheduleDate. */
    public record Scheduled(ScheduledMessage scheduled) {}

    public record ScheduledMessages(List<ScheduledMessage> messages) {}

    /** Result of sendScheduledNow: the messages as delivered. */
    public record SentNow(List<Message> messages) {}
}
