package dev.parley.cli;

import dev.parley.client.Posts;
import dev.parley.client.Posts.PollDraft;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.message.PostMethods.Poll;
import dev.parley.protocol.message.PostMethods.PollOption;
import dev.parley.protocol.message.PostMethods.PollVoters;
import dev.parley.protocol.message.PostMethods.Voter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Polls and quizzes (docs/protocol/posts.md, "Polls"). Options are numbered from 0, as in the protocol. */
@Command(name = "poll", description = "Polls and quizzes: create, vote, close, results, voters.",
        subcommands = {PollCommand.Create.class, PollCommand.Vote.class, PollCommand.Close.class,
                PollCommand.Results.class, PollCommand.Voters.class})
final class PollCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing poll command");
    }

    /** The question, one line per option with its votes (and marks for yours and a quiz's answer), the total. */
    static String results(Poll p) {
        List<String> lines = new ArrayList<>();
        lines.add(p.question() + (p.quiz() ? " (quiz)" : "") + (p.closed() ? " (closed)" : ""));
        for (int i = 0; i < p.options().size(); i++) {
            PollOption o = p.options().get(i);
            String marks = (p.chosen() != null && p.chosen().contains(i) ? " *yours*" : "")
                    + (p.correctOption() != null && p.correctOption() == i ? " (correct)" : "");
            lines.add("  [" + i + "] " + o.text() + ": " + o.voters() + marks);
        }
        lines.add(p.totalVoters() + (p.totalVoters() == 1 ? " voter" : " voters")
                + (p.explanation() != null && !p.explanation().isEmpty() ? "; " + p.explanation() : ""));
        return String.join("\n", lines);
    }

    @Command(name = "create", description = "Post a poll (or a quiz with --quiz N, N the right option).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private PollCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1", paramLabel = "QUESTION")
        private String question;
        @Option(names = {"-o", "--option"}, required = true, description = "an answer (2–10, in order)")
        private List<String> options;
        @Option(names = "--quiz", paramLabel = "N", description = "a quiz whose right answer is option N (from 0)")
        private Integer correctOption;
        @Option(names = "--explanation", description = "shown with a quiz's answer")
        private String explanation;
        @Option(names = "--multiple", description = "voters may pick several options")
        private boolean multiple;
        @Option(names = "--public", description = "voters are visible (not anonymous)")
        private boolean visible;
        @Option(names = "--close-at", description = "closes by itself: ISO instant or Unix seconds")
        private String closeAt;
        @Option(names = "--silent", description = "receivers are not notified")
        private boolean silent;

        @Override
        public Integer call() {
            return parent.cli.call(c -> {
                PollDraft draft = correctOption != null
                        ? PollDraft.quiz(question, options, correctOption, explanation)
                        : new PollDraft(question, options, false, null, explanation, true, false, null);
                draft = draft.withAnonymous(!visible).withMultipleChoice(multiple)
                        .withCloseDate(closeAt == null ? null : Dates.unixSeconds("--close-at", closeAt));
                return c.posts().sendPoll(chatId, draft, silent);
            }, (Sent sent) -> "Posted poll #" + sent.message().id() + ".");
        }
    }

    /** vote, close and results differ only in the request they make; each prints the poll's results it answers with. */
    abstract static class PollResults implements Callable<Integer> {
        @ParentCommand
        PollCommand parent;
        @Mixin
        MessageInChat poll;

        abstract Poll request(Posts posts);

        @Override
        public Integer call() {
            return parent.cli.call(c -> request(c.posts()), PollCommand::results);
        }
    }

    @Command(name = "vote", description = "Vote for options (numbered from 0); no option retracts your vote.")
    static final class Vote extends PollResults {
        @Parameters(index = "2..*", arity = "0..*", paramLabel = "OPTION")
        private List<Integer> options = List.of();

        @Override
        Poll request(Posts posts) {
            return posts.vote(poll.chatId, poll.messageId, options);
        }
    }

    @Command(name = "close", description = "Close a poll: no more votes; a quiz shows its answer to everyone.")
    static final class Close extends PollResults {
        @Override
        Poll request(Posts posts) {
            return posts.closePoll(poll.chatId, poll.messageId);
        }
    }

    @Command(name = "results", description = "Show a poll's results.")
    static final class Results extends PollResults {
        @Override
        Poll request(Posts posts) {
            return posts.poll(poll.chatId, poll.messageId);
        }
    }

    @Command(name = "voters", description = "List who voted in a public poll (--option N: for one option).")
    static final class Voters implements Callable<Integer> {
        @ParentCommand
        private PollCommand parent;
        @Mixin
        private MessageInChat poll;
        @Option(names = "--option", paramLabel = "N")
        private Integer option;

        @Override
        public Integer call() {
            return parent.cli.call(
                    c -> new PollVoters(c.posts().pollVoters(poll.chatId, poll.messageId, option, 0, 100)),
                    (PollVoters page) -> page.voters().isEmpty()
                    ? "No voters." : page.voters().stream().map(PollCommand::voterLine)
                            .collect(Collectors.joining("\n")));
        }
    }

    private static String voterLine(Voter v) {
        return "user " + v.userId() + ": " + v.options().stream().map(String::valueOf)
                .collect(Collectors.joining(", "));
    }
}
