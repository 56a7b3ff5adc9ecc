package dev.parley.cli;

import dev.parley.client.Channels;
import dev.parley.protocol.channel.ChannelMethods.ChannelDifference;
import dev.parley.protocol.channel.ChannelMethods.ChannelStates;
import dev.parley.protocol.channel.InviteMethods.InviteJoin;
import dev.parley.protocol.channel.TopicMethods.Topic;
import dev.parley.protocol.channel.TopicMethods.Topics;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.message.MessageMethods.Messages;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.message.ScheduledMethods.ScheduledMessage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Supergroups and channels: create, join, leave, edit, post (into topics), schedule, forum topics. */
@Command(name = "channel", description = "Channels and supergroups: create, join, post, schedule, topics.",
        subcommands = {ChannelCommand.Create.class, ChannelCommand.Join.class, ChannelCommand.Post.class,
                ChannelCommand.Schedule.class, ChannelCommand.Scheduled.class, ChannelCommand.Forum.class,
                ChannelCommand.TopicCreate.class, ChannelCommand.TopicList.class, ChannelCommand.TopicEdit.class,
                ChannelCommand.TopicClose.class, ChannelCommand.TopicReopen.class, ChannelCommand.SendNow.class,
                ChannelCommand.Unschedule.class, ChannelCommand.Edit.class, ChannelCommand.Leave.class,
                ChannelCommand.Convert.class, ChannelCommand.States.class, ChannelCommand.Events.class})
final class ChannelCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing channel command");
    }

    /** Runs {@code call} with the logged-in client's channels and prints its result with {@code human}. */
    private <T> Integer run(Function<Channels, T> call, Function<T, String> human) {
        return cli.call(client -> call.apply(client.channels()), human);
    }

    private static String topicLine(Topic t) {
        return "#" + t.topicId() + " " + t.title() + (t.closed() ? " (closed)" : "");
    }

    @Command(name = "create", description = "Create a channel (or --supergroup) with you as owner.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "TITLE")
        private String title;
        @Option(names = "--username", description = "public username (5–32 of a–z 0–9 _); none: private")
        private String username;
        @Option(names = "--supergroup", description = "a supergroup (everyone posts) instead of a channel")
        private boolean supergroup;

        @Override
        public Integer call() {
            return parent.run(c -> c.create(supergroup ? "supergroup" : "channel", title, username, null, false),
                    (Chat chat) -> "Created " + chat.kind() + " " + chat.chatId() + " \"" + chat.title() + "\".");
        }
    }

    @Command(name = "join", description = "Join a public chat by @username, or a private one by invite token.")
    static final class Join implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "@USERNAME|TOKEN")
        private String target;

        @Override
        public Integer call() {
            if (target.startsWith("@")) {
                return parent.run(c -> c.join(target.substring(1)),
                        (Chat chat) -> "Joined " + chat.kind() + " " + chat.chatId() + " \"" + chat.title() + "\".");
            }
            return parent.run(c -> c.joinByInvite(target), (InviteJoin join) -> join.chat() == null
                    ? "Join request sent; an admin decides." : "Joined " + join.chat().chatId() + ".");
        }
    }

    @Command(name = "post", description = "Post text into a chat (optionally into a forum topic).")
    static final class Post implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT")
        private List<String> words;
        @Option(names = "--topic", description = "forum topic id")
        private Long topicId;
        @Option(names = "--silent", description = "receivers are not notified")
        private boolean silent;

        @Override
        public Integer call() {
            return parent.run(c -> c.post(chatId, String.join(" ", words), topicId, silent),
                    (Sent sent) -> "Posted #" + sent.message().id() + ".");
        }
    }

    @Command(name = "schedule", description = "Schedule a message: --at takes an ISO instant or Unix seconds.")
    static final class Schedule implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT")
        private List<String> words;
        @Option(names = "--at", required = true, description = "e.g. 2026-12-24T18:00:00Z or 1798135200")
        private String at;
        @Option(names = "--topic", description = "forum topic id")
        private Long topicId;

        @Override
        public Integer call() {
            return parent.run(c -> c.schedule(chatId, String.join(" ", words), Dates.unixSeconds("--at", at),
                    topicId),
                    (ScheduledMessage s) -> "Scheduled #" + s.id() + " for "
                            + Instant.ofEpochSecond(s.scheduleDate()) + ".");
        }
    }

    @Command(name = "scheduled", description = "List your scheduled messages in a chat.")
    static final class Scheduled implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;

        @Override
        public Integer call() {
            return parent.run(c -> c.scheduled(chatId), (List<ScheduledMessage> all) -> all.isEmpty()
                    ? "Nothing scheduled." : all.stream().map(s -> "#" + s.id() + " at "
                            + Instant.ofEpochSecond(s.scheduleDate()) + ": " + s.text())
                            .collect(Collectors.joining("\n")));
        }
    }

    @Command(name = "forum", description = "Turn forum mode (topics) of a supergroup on or off.")
    static final class Forum implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1", paramLabel = "on|off")
        private String state;

        @Override
        public Integer call() {
            return parent.run(c -> c.toggleForum(chatId, enabled(state)),
                    (Topics t) -> "Forum mode " + state + ".");
        }
    }

    private static boolean enabled(String state) {
        if (!state.equals("on") && !state.equals("off")) {
            throw new CliException(ExitCode.USAGE, "forum: on or off");
        }
        return state.equals("on");
    }

    @Command(name = "topic", description = "Create a forum topic.")
    static final class TopicCreate implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "TITLE")
        private List<String> words;

        @Override
        public Integer call() {
            return parent.run(c -> c.createTopic(chatId, String.join(" ", words)),
                    (Topic t) -> "Created topic " + topicLine(t) + ".");
        }
    }

    @Command(name = "topics", description = "List the topics of a forum.")
    static final class TopicList implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;

        @Override
        public Integer call() {
            return parent.run(c -> c.topics(chatId), (Topics t) -> t.forum()
                    ? t.topics().stream().map(ChannelCommand::topicLine).collect(Collectors.joining("\n"))
                    : "Forum mode is off.");
        }
    }

    /** topic-edit, topic-close and topic-reopen share their arguments. */
    abstract static class TopicChange implements Callable<Integer> {
        @ParentCommand
        ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        long chatId;
        @Parameters(index = "1", paramLabel = "TOPIC_ID")
        long topicId;

        abstract Topic change(Channels channels);

        @Override
        public Integer call() {
            return parent.run(this::change, (Topic t) -> "Topic " + topicLine(t) + ".");
        }
    }

    @Command(name = "topic-edit", description = "Rename a forum topic (its creator, or admins with manageTopics).")
    static final class TopicEdit extends TopicChange {
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "TITLE")
        private List<String> words;

        @Override
        Topic change(Channels channels) {
            return channels.editTopic(chatId, topicId, String.join(" ", words));
        }
    }

    @Command(name = "topic-close", description = "Close a forum topic: only admins with manageTopics post there.")
    static final class TopicClose extends TopicChange {
        @Override
        Topic change(Channels channels) {
            return channels.closeTopic(chatId, topicId);
        }
    }

    @Command(name = "topic-reopen", description = "Reopen a closed forum topic.")
    static final class TopicReopen extends TopicChange {
        @Override
        Topic change(Channels channels) {
            return channels.reopenTopic(chatId, topicId);
        }
    }

    /** The {@code CHAT_ID SCHEDULED_ID...} arguments of send-now and unschedule. */
    static final class ScheduledInChat {
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        long chatId;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "SCHEDULED_ID")
        List<Long> ids;
    }

    @Command(name = "send-now", description = "Post scheduled messages now.")
    static final class SendNow implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Mixin
        private ScheduledInChat scheduled;

        @Override
        public Integer call() {
            return parent.run(c -> new Messages(c.sendScheduledNow(scheduled.chatId, scheduled.ids)),
                    (Messages sent) -> sent.messages().stream()
                            .map(m -> "Posted #" + m.id() + ".").collect(Collectors.joining("\n")));
        }
    }

    @Command(name = "unschedule", description = "Delete scheduled messages.")
    static final class Unschedule implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Mixin
        private ScheduledInChat scheduled;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.channels().deleteScheduled(scheduled.chatId, scheduled.ids), "Unscheduled.");
        }
    }

    @Command(name = "edit", description = "Change a chat's title and/or about text (--about \"\" clears it).")
    static final class Edit implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Option(names = "--title")
        private String title;
        @Option(names = "--about")
        private String about;

        @Override
        public Integer call() {
            return parent.run(c -> c.editInfo(chatId, title, about),
                    (Chat chat) -> "Chat " + chat.chatId() + " is \"" + chat.title() + "\".");
        }
    }

    @Command(name = "leave", description = "Leave a supergroup or channel.")
    static final class Leave implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.channels().leave(chatId), "Left chat " + chatId + ".");
        }
    }

    @Command(name = "convert", description = "Turn a group you own into a supergroup, keeping its history.")
    static final class Convert implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;

        @Override
        public Integer call() {
            return parent.run(c -> c.convertToSupergroup(chatId),
                    (Chat chat) -> "Chat " + chat.chatId() + " is now a supergroup.");
        }
    }

    @Command(name = "states", description = "The current event seq of each supergroup and channel you belong to.")
    static final class States implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;

        @Override
        public Integer call() {
            return parent.run(c -> new ChannelStates(c.channelStates()), (ChannelStates all) -> all.states().isEmpty() ? "No supergroups or channels." : all.states().stream()
                            .map(st -> "chat " + st.chatId() + ": seq " + st.seq()).collect(Collectors.joining("\n")));
        }
    }

    @Command(name = "events", description = "A chat's events after --from (one forum topic's with --topic).")
    static final class Events implements Callable<Integer> {
        @ParentCommand
        private ChannelCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Option(names = "--from", defaultValue = "0", description = "the seq you have (default 0: from the start)")
        private long fromSeq;
        @Option(names = "--limit", defaultValue = "100")
        private int limit;
        @Option(names = "--topic", description = "forum topic id")
        private Long topicId;

        @Override
        public Integer call() {
            return parent.run(c -> topicId == null ? c.getDifference(chatId, fromSeq, limit)
                    : c.getDifference(chatId, fromSeq, limit, topicId), (ChannelDifference d) -> d.updates()
                    .stream().map(u -> u.ptsOf() + " " + u.type()).collect(Collectors.joining("\n", "",
                            (d.updates().isEmpty() ? "" : "\n") + "seq " + d.seq() + (d.isFinal() ? " (final)"
                                    : " (more: --from " + d.seq() + ")"))));
        }
    }
}
