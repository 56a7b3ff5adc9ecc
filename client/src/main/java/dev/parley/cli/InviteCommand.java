package dev.parley.cli;

import dev.parley.protocol.channel.InviteMethods.Invite;
import dev.parley.protocol.channel.InviteMethods.InviteJoin;
import dev.parley.protocol.channel.InviteMethods.Invites;
import dev.parley.protocol.channel.InviteMethods.JoinRequests;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Invite links of supergroups and channels and their join requests (needs the inviteUsers right, except join). */
@Command(name = "invite", description = "Invite links: create, list, revoke, join; approve or decline requests.",
        subcommands = {InviteCommand.Create.class, InviteCommand.ListLinks.class, InviteCommand.Revoke.class,
                InviteCommand.Join.class, InviteCommand.Requests.class, InviteCommand.Approve.class,
                InviteCommand.Decline.class})
final class InviteCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing invite command");
    }

    private static List<String> row(Invite i) {
        return List.of(i.token(), i.usageCount() + (i.usageLimit() == 0 ? "" : "/" + i.usageLimit()),
                i.expireDate() == 0 ? "never" : Instant.ofEpochSecond(i.expireDate()).toString(),
                i.requestNeeded() ? "yes" : "no", i.revoked() ? "revoked" : "active");
    }

    @Command(name = "create", description = "Create an invite link.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private InviteCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Option(names = "--expires", description = "ISO instant or Unix seconds (default: never)")
        private String expires;
        @Option(names = "--limit", description = "how many may join with it (default: unlimited)")
        private Integer usageLimit;
        @Option(names = "--request", description = "joiners wait for an admin's approval")
        private boolean request;

        @Override
        public Integer call() {
            return parent.cli.call(c -> c.invites().create(chatId,
                            expires == null ? null : Dates.unixSeconds("--expires", expires), usageLimit, request),
                    (Invite i) -> "Invite link: " + i.token());
        }
    }

    @Command(name = "list", description = "List a chat's invite links, newest first.")
    static final class ListLinks implements Callable<Integer> {
        @ParentCommand
        private InviteCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Option(names = "--revoked", description = "also revoked links")
        private boolean revoked;

        @Override
        public Integer call() {
            return parent.cli.call(c -> new Invites(c.invites().list(chatId, revoked)), (Invites all) ->
                    all.invites().isEmpty() ? "No invite links." : Output.table(List.of("TOKEN", "USES", "EXPIRES",
                            "REQUEST", "STATE"), all.invites().stream().map(InviteCommand::row).toList()));
        }
    }

    @Command(name = "revoke", description = "Revoke an invite link.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        private InviteCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1", paramLabel = "TOKEN")
        private String token;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.invites().revoke(chatId, token), "Revoked " + token + ".");
        }
    }

    @Command(name = "join", description = "Join with an invite link (or ask to, if it needs approval).")
    static final class Join implements Callable<Integer> {
        @ParentCommand
        private InviteCommand parent;
        @Parameters(index = "0", paramLabel = "TOKEN")
        private String token;

        @Override
        public Integer call() {
            return parent.cli.call(c -> c.invites().join(token), (InviteJoin join) -> join.chat() == null
                    ? "Join request sent; an admin decides." : "Joined " + join.chat().kind() + " "
                            + join.chat().chatId() + " \"" + join.chat().title() + "\".");
        }
    }

    @Command(name = "requests", description = "List pending join requests, oldest first.")
    static final class Requests implements Callable<Integer> {
        @ParentCommand
        private InviteCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;

        @Override
        public Integer call() {
            return parent.cli.call(c -> new JoinRequests(c.invites().requests(chatId)), (JoinRequests all) ->
                    all.requests().isEmpty() ? "No pending requests." : Output.table(List.of("USER", "SINCE"),
                            all.requests().stream().map(r -> List.of("user " + r.userId(),
                                    Instant.ofEpochSecond(r.date()).toString())).toList()));
        }
    }

    @Command(name = "approve", description = "Let a user who asked to join in.")
    static final class Approve implements Callable<Integer> {
        @ParentCommand
        private InviteCommand parent;
        @Mixin
        private UserInChat user;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.invites().approve(user.chatId, user.userId(c)),
                    "Approved " + user.username + ".");
        }
    }

    @Command(name = "decline", description = "Decline a user's join request.")
    static final class Decline implements Callable<Integer> {
        @ParentCommand
        private InviteCommand parent;
        @Mixin
        private UserInChat user;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.invites().decline(user.chatId, user.userId(c)),
                    "Declined " + user.username + ".");
        }
    }
}
