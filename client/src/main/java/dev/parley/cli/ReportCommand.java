package dev.parley.cli;

import dev.parley.protocol.channel.ReportMethods.ChatReport;
import dev.parley.protocol.channel.ReportMethods.Reported;
import dev.parley.protocol.channel.ReportMethods.Reports;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Reports: members report messages; a chat's moderators work its queue (server operators use ./parley operator). */
@Command(name = "report", description = "Report messages; moderators list and decide a chat's reports.",
        subcommands = {ReportCommand.File.class, ReportCommand.ListReports.class, ReportCommand.Resolve.class})
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing report command");
    }

    private static List<String> row(ChatReport r) {
        return List.of("#" + r.reportId(), Instant.ofEpochSecond(r.date()).toString(), "user " + r.reporterId(),
                r.ids().stream().map(id -> "#" + id).collect(Collectors.joining(",")), r.reason(),
                r.comment() == null ? "" : r.comment(), r.status());
    }

    @Command(name = "message", description = "Report messages of a chat to its moderators and the operators.")
    static final class File implements Callable<Integer> {
        @ParentCommand
        private ReportCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "MESSAGE_ID")
        private List<Long> ids;
        @Option(names = "--reason", required = true, description = "spam, violence, pornography, childAbuse, "
                + "copyright, illegalDrugs, personalDetails, fake or other")
        private String reason;
        @Option(names = "--comment")
        private String comment;

        @Override
        public Integer call() {
            return parent.cli.call(c -> new Reported(c.community().report(chatId, ids, reason, comment)),
                    (Reported r) -> "Reported (#" + r.reportId() + ").");
        }
    }

    @Command(name = "list", description = "A chat's reports for its moderators, newest first.")
    static final class ListReports implements Callable<Integer> {
        @ParentCommand
        private ReportCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Option(names = "--status", defaultValue = "open", description = "open, resolved or dismissed")
        private String status;
        @Option(names = "--limit", defaultValue = "50")
        private int limit;

        @Override
        public Integer call() {
            return parent.cli.call(c -> new Reports(c.community().reports(chatId, status, limit)), (Reports all) ->
                    all.reports().isEmpty() ? "No " + status + " reports." : Output.table(List.of("REPORT", "DATE",
                            "BY", "MESSAGES", "REASON", "COMMENT", "STATUS"),
                            all.reports().stream().map(ReportCommand::row).toList()));
        }
    }

    @Command(name = "resolve", description = "Close a report: resolved or dismissed.")
    static final class Resolve implements Callable<Integer> {
        @ParentCommand
        private ReportCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1", paramLabel = "REPORT_ID")
        private long reportId;
        @Parameters(index = "2", paramLabel = "resolved|dismissed")
        private String decision;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.community().resolveReport(chatId, reportId, decision),
                    "Report #" + reportId + " " + decision + ".");
        }
    }
}
