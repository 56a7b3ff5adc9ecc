package dev.parley.cli;

import dev.parley.protocol.channel.EventMethods.Event;
import dev.parley.protocol.channel.EventMethods.Events;
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

/** Events with RSVP in a chat; members who answer going or maybe get a reminder before the start. */
@Command(name = "event", description = "Events with RSVP: create, answer, list.",
        subcommands = {EventCommand.Create.class, EventCommand.Rsvp.class, EventCommand.ListEvents.class})
final class EventCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing event command");
    }

    static String line(Event e) {
        return "#" + e.eventId() + " " + e.title() + " at " + Instant.ofEpochSecond(e.startDate()) + ": "
                + e.going() + " going, " + e.maybe() + " maybe, " + e.no() + " no"
                + (e.myAnswer() != null ? " (you: " + e.myAnswer() + ")" : "");
    }

    @Command(name = "create", description = "Create an event in a chat.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private EventCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TITLE")
        private List<String> words;
        @Option(names = "--at", required = true, description = "start: ISO instant or Unix seconds")
        private String at;
        @Option(names = "--description")
        private String description;
        @Option(names = "--remind-before", paramLabel = "SECONDS", description = "reminder lead time (default 900)")
        private Integer remindBefore;

        @Override
        public Integer call() {
            return parent.cli.call(c -> c.community().createEvent(chatId, String.join(" ", words),
                    Dates.unixSeconds("--at", at), description, remindBefore),
                    (Event e) -> "Created event " + line(e) + ".");
        }
    }

    @Command(name = "rsvp", description = "Answer an event: going, maybe or no.")
    static final class Rsvp implements Callable<Integer> {
        @ParentCommand
        private EventCommand parent;
        @Parameters(index = "0", paramLabel = "EVENT_ID")
        private long eventId;
        @Parameters(index = "1", paramLabel = "going|maybe|no")
        private String answer;

        @Override
        public Integer call() {
            return parent.cli.call(c -> c.community().rsvp(eventId, answer), EventCommand::line);
        }
    }

    @Command(name = "list", description = "List a chat's upcoming events (--past: all, newest first).")
    static final class ListEvents implements Callable<Integer> {
        @ParentCommand
        private EventCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Option(names = "--past", description = "also events that already started")
        private boolean past;

        @Override
        public Integer call() {
            return parent.cli.call(c -> new Events(c.community().events(chatId, past)), (Events all) ->
                    all.events().isEmpty() ? "No events." : all.events().stream().map(EventCommand::line)
                            .collect(Collectors.joining("\n")));
        }
    }
}
