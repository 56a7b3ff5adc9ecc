package dev.parley.cli;

import dev.parley.protocol.chat.ChatMethods.ChatCreated;
import dev.parley.protocol.sync.SyncMethods.Affected;
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

@Command(name = "group", description = "Create groups and manage their members.",
        subcommands = {GroupCommand.Create.class, GroupCommand.Add.class, GroupCommand.Remove.class,
                GroupCommand.Leave.class})
final class GroupCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing group command");
    }

    @Command(name = "create", description = "Create a group with you as owner and the given users as members; it is "
            + "end-to-end encrypted unless --cloud is given.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private GroupCommand group;

        @Parameters(index = "0", paramLabel = "TITLE")
        private String title;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "USERNAME")
        private List<String> usernames = List.of();

        @Option(names = "--cloud", description = "A cloud group (the server can read it), not end-to-end encrypted.")
        private boolean cloud;

        @Override
        public Integer call() {
            Cli cli = group.cli;
            return cli.runLoggedIn((session, output) -> {
                Peers peers = new Peers(session.client());
                List<Long> members = usernames.stream().map(peers::user).toList();
                if (!cloud) {
                    // The members are committed into the group's MLS group by this device.
                    cli.e2e(session);
                }
                ChatCreated created = session.client().chats().createGroup(title, members, !cloud);
                output.result(created, "Created group " + created.chat().chatId() + " \"" + created.chat().title()
                        + "\" with " + created.chat().memberCount() + " members.");
            });
        }
    }

    /** add and remove differ only in the call they make and the sentence they print. */
    abstract static class MemberChange implements Callable<Integer> {
        @ParentCommand
        private GroupCommand group;

        @Mixin
        private UserInChat user;

        abstract Affected change(dev.parley.client.ParleyClient client, long chatId, long userId);

        abstract String done(String username, long chatId);

        @Override
        public Integer call() {
            Cli cli = group.cli;
            return cli.runLoggedIn((session, output) -> {
                long userId = user.userId(session.client());
                if (session.client().chats().get(user.chatId).e2e()) {
                    // In an encrypted group people come and go with the MLS commit that adds or removes them.
                    cli.e2e(session);
                }
                Affected affected = change(session.client(), user.chatId, userId);
                output.result(affected, done(user.username, user.chatId));
            });
        }
    }

    @Command(name = "add", description = "Add a user to a group (owner and admins).")
    static final class Add extends MemberChange {
        @Override
        Affected change(dev.parley.client.ParleyClient client, long chatId, long userId) {
            return client.chats().addMember(chatId, userId);
        }

        @Override
        String done(String username, long chatId) {
            return "Added " + username + " to chat " + chatId + ".";
        }
    }

    @Command(name = "remove", description = "Remove a user from a group (owner and admins).")
    static final class Remove extends MemberChange {
        @Override
        Affected change(dev.parley.client.ParleyClient client, long chatId, long userId) {
            return client.chats().removeMember(chatId, userId);
        }

        @Override
        String done(String username, long chatId) {
            return "Removed " + username + " from chat " + chatId + ".";
        }
    }

    @Command(name = "leave", description = "Leave a group.")
    static final class Leave implements Callable<Integer> {
        @ParentCommand
        private GroupCommand group;

        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;

        @Override
        public Integer call() {
            return group.cli.runLoggedIn((session, output) -> {
                Affected affected = session.client().chats().leave(chatId);
                output.result(affected, "Left chat " + chatId + ".");
            });
        }
    }
}
