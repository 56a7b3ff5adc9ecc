package dev.parley.protocol.channel;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fields;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import java.util.List;
import java.util.Set;

/** Events with RSVP in a chat, and their reminders (docs/protocol/channels.md, "Events"). */
public final class EventMethods {
    private EventMethods() {}

    public static final String CREATE = "events.create";
    public static final String RSVP = "events.rsvp";
    public static final String LIST = "events.list";
    public static final Set<String> ANSWERS = Set.of("going", "maybe", "no");
    public static final int DESCRIPTION_MAX = 1024;
    /** Default lead time of the reminder (15 minutes). */
    public static final int REMIND_BEFORE_DEFAULT = 900;

    public record Create(Long chatId, String title, Long startDate, String description, Integer remindBefore) {
        public Create {
            Fields.positiveId(chatId, "chatId");
            title = Fields.text(title, "title", 1, 128, false, ErrorCode.CHAT_TITLE_INVALID);
            Fields.require(startDate, "startDate");
            if (startDate <= 0 || startDate > Limits.MAX_SAFE_INTEGER) {
                throw ParleyException.badRequest("field 'startDate': a Unix time");
            }
            description = description == null ? null
                    : Fields.text(description, "description", 0, DESCRIPTION_MAX, true, ErrorCode.BAD_REQUEST);
            remindBefore = Fields.range(remindBefore, "remindBefore", 0, 7 * 24 * 3600, REMIND_BEFORE_DEFAULT);
        }
    }

    public record Rsvp(Long eventId, String answer) {
        public Rsvp {
            Fields.positiveId(eventId, "eventId");
            Fields.require(answer, "answer");
            if (!ANSWERS.contains(answer)) {
                throw ParleyException.badRequest("field 'answer': going, maybe or no");
            }
        }
    }

    /** {@code past}: also events that already started (newest first then); default upcoming only, soonest first. */
    public record ListEvents(Long chatId, Boolean past) {
        public ListEvents {
            Fields.positiveId(chatId, "chatId");
            past = past != null && past;
        }
    }

    /** {@code myAnswer} absent when the caller has not answered. */
    public record Event(long eventId, long chatId, long creatorId, String title, String description, long startDate,
            int remindBefore, int going, int maybe, int no, String myAnswer) {}

    public record Events(List<Event> events) {}
}
