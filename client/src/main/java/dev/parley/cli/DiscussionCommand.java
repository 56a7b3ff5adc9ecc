package dev.parley.cli;

import dev.parley.protocol.channel.DiscussionMethods.CommentCounts;
import dev.parley.protocol.channel.DiscussionMethods.Replies;
import dev.parley.protocol.message.MessageMethods.Sent;
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

/** A channel's discussion group: link it, read and write comments on channel posts, count them. */
@Command(name = "discussion", description = "Discussion groups: link, comments on channel posts, counts.",
        subcommands = {DiscussionCommand.Link.class, DiscussionCommand.Unlink.class, DiscussionCommand.Comments.class,
                DiscussionCommand.Comment.class, DiscussionCommand.Counts.class})
final class DiscussionCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing discussion command");
    }

    @Command(name = "link", description = "Link a supergroup as the channel's discussion group.")
    static final class Link implements Callable<Integer> {
        @ParentCommand
        private DiscussionCommand parent;
        @Parameters(index = "0", paramLabel = "CHANNEL_ID")
        private long channelId;
        @Parameters(index = "1", paramLabel = "GROUP_ID")
        private long groupId;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.discussions().link(channelId, groupId),
                    "Chat " + groupId + " now discusses channel " + channelId + ".");
        }
    }

    @Command(name = "unlink", description = "Unlink the channel's discussion group.")
    static final class Unlink implements Callable<Integer> {
        @ParentCommand
        private DiscussionCommand parent;
        @Parameters(index = "0", paramLabel = "CHANNEL_ID")
        private long channelId;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.discussions().unlink(channelId), "Unlinked.");
        }
    }

    /** The {@code CHANNEL_ID POST_ID} arguments of comments and comment: the post whose thread they read or extend. */
    static final class ChannelPost {
        @Parameters(index = "0", paramLabel = "CHANNEL_ID")
        long channelId;
        @Parameters(index = "1", paramLabel = "POST_ID")
        long postId;
    }

    @Command(name = "comments", description = "Read the comments on a channel post, oldest first.")
    static final class Comments implements Callable<Integer> {
        @ParentCommand
        private DiscussionCommand parent;
        @Mixin
        private ChannelPost post;
        @Option(names = "--after", description = "comments after this message id of the group", defaultValue = "0")
        private long after;
        @Option(names = "--limit", defaultValue = "50")
        private int limit;

        @Override
        public Integer call() {
            return parent.cli.call(c -> c.discussions().comments(post.channelId, post.postId, after, limit),
                    (Replies r) -> r.count() + (r.count() == 1 ? " comment" : " comments") + " (thread #" + r.rootId()
                            + " in chat " + r.groupId() + ")" + r.messages().stream().map(m -> "\n#" + m.id() + " "
                                    + (m.senderId() == null ? "" : "user " + m.senderId() + ": ") + m.text())
                            .collect(Collectors.joining()));
        }
    }

    @Command(name = "comment", description = "Comment on a channel post.")
    static final class Comment implements Callable<Integer> {
        @ParentCommand
        private DiscussionCommand parent;
        @Mixin
        private ChannelPost post;
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "TEXT")
        private List<String> words;

        @Override
        public Integer call() {
            return parent.cli.call(c -> c.discussions().comment(post.channelId, post.postId, String.join(" ", words)),
                    (Sent sent) -> "Commented #" + sent.message().id() + " in chat " + sent.message().chatId() + ".");
        }
    }

    @Command(name = "counts", description = "Comment counts of channel posts.")
    static final class Counts implements Callable<Integer> {
        @ParentCommand
        private DiscussionCommand parent;
        @Parameters(index = "0", paramLabel = "CHANNEL_ID")
        private long channelId;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "POST_ID")
        private List<Long> ids;

        @Override
        public Integer call() {
            return parent.cli.call(c -> new CommentCounts(c.discussions().commentCounts(channelId, ids)),
                    (CommentCounts all) -> all.counts().isEmpty() ? "No comment threads." : all.counts().stream()
                            .map(n -> "#" + n.id() + ": " + n.count() + (n.count() == 1 ? " comment" : " comments"))
                            .collect(Collectors.joining("\n")));
        }
    }
}
