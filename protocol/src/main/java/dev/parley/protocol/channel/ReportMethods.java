package dev.parley.protocol.channel;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fields;
import dev.parley.protocol.ParleyException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reports of messages: a per-chat queue for admins and a global one for server operators (channels.md, "Reports"). */
public final class ReportMethods {
    private ReportMethods() {}

    public static final String REPORT = "messages.report";
    public static final String GET_REPORTS = "chats.getReports";
    public static final String RESOLVE_REPORT = "chats.resolveReport";
    public static final String OPERATOR_GET_REPORTS = "operator.getReports";
    public static final String OPERATOR_RESOLVE_REPORT = "operator.resolveReport";

    public static final Set<String> REASONS = Set.of("spam", "violence", "pornography", "childAbuse", "copyright",
            "illegalDrugs", "personalDetails", "fake", "other");
    public static final Set<String> DECISIONS = Set.of("resolved", "dismissed");
    public static final int COMMENT_MAX = 512;
    public static final int IDS_MAX = 100;

    public record Report(Long chatId, List<Long> ids, String reason, String comment) {
        public Report {
            Fields.positiveId(chatId, "chatId");
            Fields.require(ids, "ids");
            if (ids.isEmpty() || ids.size() > IDS_MAX) {
                throw ParleyException.badRequest("field 'ids': 1–" + IDS_MAX + " ids");
            }
            LinkedHashSet<Long> distinct = new LinkedHashSet<>();
            ids.forEach(id -> distinct.add(Fields.positiveId(id, "ids[]")));
            ids = List.copyOf(distinct);
            Fields.require(reason, "reason");
            if (!REASONS.contains(reason)) {
                throw ParleyException.badRequest("field 'reason': one of " + REASONS);
            }
            comment = comment == null ? null
                    : Fields.text(comment, "comment", 0, COMMENT_MAX, true, ErrorCode.BAD_REQUEST);
        }
    }

    /** {@code status}: open (default), resolved or dismissed. */
    public record GetReports(Long chatId, String status, Integer limit) {
        public GetReports {
            if (chatId != null) {
                Fields.positiveId(chatId, "chatId");
            }
            status = status == null ? "open" : status;
            if (!status.equals("open") && !DECISIONS.contains(status)) {
                throw ParleyException.badRequest("field 'status': open, resolved or dismissed");
            }
            limit = Fields.range(limit, "limit", 1, 100, 50);
        }
    }

    public record ResolveReport(Long chatId, Long reportId, String decision) {
        public ResolveReport {
            if (chatId != null) {
                Fields.positiveId(chatId, "chatId");
            }
            Fields.positiveId(reportId, "reportId");
            Fields.require(decision, "decision");
            if (!DECISIONS.contains(decision)) {
                throw ParleyException.badRequest("field 'decision': resolved or dismissed");
            }
        }
    }

    public record Reported(long reportId) {}

    /** {@code decidedBy}/{@code decidedAt}: who closed it and when (0 while open). */
    public record ChatReport(long reportId, long chatId, long reporterId, List<Long> ids, String reason,
            String comment, long date, String status, long decidedBy, long decidedAt) {}

    public record Reports(List<ChatReport> reports) {}
}
