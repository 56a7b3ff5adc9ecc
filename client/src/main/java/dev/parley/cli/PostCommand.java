package dev.parley.cli;

import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Messages;
import dev.parley.protocol.message.PostMethods.AvailableReactions;
import dev.parley.protocol.message.PostMethods.Reactions;
import dev.parley.protocol.message.PostMethods.ViewCount;
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

/** Reactions, view counts and pins of messages in any chat (docs/protocol/posts.md). */
@Command(name = "post", description = "Reactions, view counts and pins of messages.",
        subcommands = {PostCommand.React.class, PostCommand.ReactionList.class, PostCommand.Views.class,
                PostCommand.Pin.class, PostCommand.Unpin.class, PostCommand.Pinned.class, PostCommand.Allow.class})
final class PostCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing post command");
    }

    /** {@code 👍 3  ❤️ 1 (yours: 👍)}, or {@code No reactions.} */
    static String reactionLine(Reactions r) {
        if (r.counts().isEmpty()) {
            return "No reactions.";
        }
        String counts = r.counts().stream().map(c -> c.reaction() + " " + c.count())
                .collect(Collectors.joining("  "));
        return counts + (r.mine() != null ? " (yours: " + r.mine() + ")" : "");
    }

    @Command(name = "react", description = "React to a message; without REACTION removes yours.")
    static final class React implements Callable<Integer> {
        @ParentCommand
        private PostCommand parent;
        @Mixin
        private MessageInChat message;
        @Parameters(index = "2", arity = "0..1", paramLabel = "REACTION")
        private String reaction;

        @Override
        public Integer call() {
            return parent.cli.call(c -> c.posts().react(message.chatId, message.messageId, reaction),
                    PostCommand::reactionLine);
        }
    }

    @Command(name = "reactions", description = "Show a message's reaction counts.")
    static final class ReactionList implements Callable<Integer> {
        @ParentCommand
        private PostCommand parent;
        @Mixin
        private MessageInChat message;

        @Override
        public Integer call() {
            return parent.cli.call(c -> c.posts().reactions(message.chatId, message.messageId),
                    PostCommand::reactionLine);
        }
    }

    @Command(name = "views", description = "Show view counts of messages (--count also counts your view).")
    static final class Views implements Callable<Integer> {
        @ParentCommand
        private PostCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "MESSAGE_ID")
        private List<Long> ids;
        @Option(names = "--count", description = "count a view by you (once per account)")
        private boolean count;

        @Override
        public Integer call() {
            return parent.cli.call(c -> c.posts().views(chatId, ids, count), (List<ViewCount> all) -> all.stream()
                    .map(v -> "#" + v.id() + ": " + v.views() + (v.views() == 1 ? " view" : " views"))
                    .collect(Collectors.joining("\n")));
        }
    }

    @Command(name = "pin", description = "Pin a message.")
    static final class Pin implements Callable<Integer> {
        @ParentCommand
        private PostCommand parent;
        @Mixin
        private MessageInChat message;
        @Option(names = "--silent", description = "members are not notified")
        private boolean silent;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.posts().pin(message.chatId, message.messageId, silent),
                    "Pinned #" + message.messageId + ".");
        }
    }

    @Command(name = "unpin", description = "Unpin a message, or every message with --all.")
    static final class Unpin implements Callable<Integer> {
        @ParentCommand
        private PostCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1", arity = "0..1", paramLabel = "MESSAGE_ID")
        private Long id;
        @Option(names = "--all", description = "unpin every pinned message")
        private boolean all;

        @Override
        public Integer call() {
            if (all == (id != null)) {
                throw new CommandLine.ParameterException(parent.spec.commandLine(), "give MESSAGE_ID or --all");
            }
            return all ? parent.cli.act(c -> c.posts().unpinAll(chatId), "Unpinned everything.")
                    : parent.cli.act(c -> c.posts().unpin(chatId, id), "Unpinned #" + id + ".");
        }
    }

    @Command(name = "pinned", description = "List a chat's pinned messages, newest pin first.")
    static final class Pinned implements Callable<Integer> {
        @ParentCommand
        private PostCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;

        @Override
        public Integer call() {
            return parent.cli.call(c -> new Messages(c.posts().pinned(chatId)), (Messages pinned) -> pinned.messages()
                    .isEmpty() ? "Nothing pinned."
                    : pinned.messages().stream().map(PostCommand::messageLine).collect(Collectors.joining("\n")));
        }
    }

    static String messageLine(Message m) {
        return "#" + m.id() + " " + m.text();
    }

    @Command(name = "allow",
            description = "Show the reactions a chat allows; with --set, replace them (none: reactions off).")
    static final class Allow implements Callable<Integer> {
        @ParentCommand
        private PostCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "REACTION")
        private List<String> reactions = List.of();
        @Option(names = "--set", description = "replace the allowed set with the given reactions")
        private boolean set;

        @Override
        public Integer call() {
            return parent.cli.call(c -> {
                if (set) {
                    c.posts().setAvailableReactions(chatId, reactions);
                }
                return new AvailableReactions(c.posts().availableReactions(chatId));
            }, (AvailableReactions allowed) -> allowed.reactions().isEmpty() ? "Reactions are off."
                    : "Allowed: " + String.join(" ", allowed.reactions()));
        }
    }
}
