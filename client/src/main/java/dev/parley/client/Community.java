package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.channel.EventMethods;
import dev.parley.protocol.channel.EventMethods.Event;
import dev.parley.protocol.channel.ReportMethods;
import dev.parley.protocol.channel.ReportMethods.ChatReport;
import java.util.List;

/**
 * Community tools (docs/protocol/channels.md, "Events" and "Reports"): events with RSVP in a chat, and reports of
 * messages into the chat's moderation queue; obtained from {@link ParleyClient#community()}. Creating an event and
 * filing a report make something new each time, so they are not re-sent after a lost reply (they fail with
 * {@code UNAVAILABLE}); answering, listing and deciding are harmless to repeat.
 */
public final class Community {
    private final ParleyClient client;

    Community(ParleyClient client) {
        this.client = client;
    }

    /**
     * {@code events.create}: {@code startDate} Unix seconds in the future; {@code description} and
     * {@code remindBefore} (seconds; default 900) may be null.
     */
    public Event createEvent(long chatId, String title, long startDate, String description, Integer remindBefore) {
        return client.callOnce(EventMethods.CREATE, new EventMethods.Create(chatId, title, startDate, description,
                remindBefore), Event.class);
    }

    /** {@code events.rsvp}: {@code "going"}, {@code "maybe"} or {@code "no"}; replaces an earlier answer. */
    public Event rsvp(long eventId, String answer) {
        return client.call(EventMethods.RSVP, new EventMethods.Rsvp(eventId, answer), Event.class);
    }

    /** {@code events.list}: upcoming soonest first, or with {@code past} every event newest first. */
    public List<Event> events(long chatId, boolean past) {
        return client.call(EventMethods.LIST, new EventMethods.ListEvents(chatId, past), EventMethods.Events.class)
                .events();
    }

    /** {@code messages.report}: the new report's id. {@code comment} may be null. */
    public long report(long chatId, List<Long> ids, String reason, String comment) {
        return client.callOnce(ReportMethods.REPORT, new ReportMethods.Report(chatId, ids, reason, comment),
                ReportMethods.Reported.class).reportId();
    }

    /** {@code chats.getReports}: the chat's queue for its moderators, newest first; {@code status} null: open. */
    public List<ChatReport> reports(long chatId, String status, int limit) {
        return client.call(ReportMethods.GET_REPORTS, new ReportMethods.GetReports(chatId, status, limit),
                ReportMethods.Reports.class).reports();
    }

    /** {@code chats.resolveReport}: {@code "resolved"} or {@code "dismissed"}. */
    public void resolveReport(long chatId, long reportId, String decision) {
        client.call(ReportMethods.RESOLVE_REPORT, new ReportMethods.ResolveReport(chatId, reportId, decision),
                JsonNode.class);
    }
}
