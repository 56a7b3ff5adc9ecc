package dev.parley.server.community;

import dev.parley.protocol.account.AuthMethods.Ok;
import dev.parley.protocol.channel.ReportMethods;
import dev.parley.protocol.ParleyException;
import dev.parley.server.gateway.Method;
import java.util.List;

/** {@code messages.report}, the chat queue ({@code chats.getReports/resolveReport}) and the operators' queue. */
public final class ReportApi {
    private final ReportService reports;

    public ReportApi(ReportService reports) {
        this.reports = reports;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(ReportMethods.REPORT, ReportMethods.Report.class,
                        (c, p) -> reports.report(c.userId(), p.chatId(), p.ids(), p.reason(), p.comment())),
                Method.authenticated(ReportMethods.GET_REPORTS, ReportMethods.GetReports.class,
                        (c, p) -> reports.chatReports(c.userId(), requireChat(p.chatId()), p.status(), p.limit())),
                Method.authenticated(ReportMethods.RESOLVE_REPORT, ReportMethods.ResolveReport.class, (c, p) -> {
                    reports.resolveInChat(c.userId(), requireChat(p.chatId()), p.reportId(), p.decision());
                    return Ok.OK;
                }),
                Method.authenticated(ReportMethods.OPERATOR_GET_REPORTS, ReportMethods.GetReports.class,
                        (c, p) -> reports.operatorReports(c.userId(), p.status(), p.limit())),
                Method.authenticated(ReportMethods.OPERATOR_RESOLVE_REPORT, ReportMethods.ResolveReport.class,
                        (c, p) -> {
                            reports.resolveAsOperator(c.userId(), p.reportId(), p.decision());
                            return Ok.OK;
                        }));
    }

    private static long requireChat(Long chatId) {
        if (chatId == null) {
            throw ParleyException.badRequest("field 'chatId': required");
        }
        return chatId;
    }
}
