package dev.parley.cli;

import dev.parley.protocol.channel.ModerationMethods.AdminLog;
import dev.parley.protocol.channel.ModerationMethods.AdminLogEntry;
import dev.parley.protocol.channel.ModerationMethods.AdminRights;
import dev.parley.protocol.channel.ModerationMethods.MemberPermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Rights and moderation of supergroups and channels: promote and demote admins with precise rights, ban and
 * restrict members (optionally until a date), default permissions, slow mode, the admin log. Users are named by
 * username; rights and permissions by their protocol names (docs/protocol/channels.md).
 */
@Command(name = "admin", description = "Admin rights, bans, restrictions, slow mode and the admin log.",
        subcommands = {AdminCommand.Promote.class, AdminCommand.Demote.class, AdminCommand.Ban.class,
                AdminCommand.Unban.class, AdminCommand.Restrict.class, AdminCommand.Defaults.class,
                AdminCommand.SlowMode.class, AdminCommand.Log.class})
final class AdminCommand implements Callable<Integer> {
    static final List<String> RIGHTS = List.of("changeInfo", "postMessages", "editMessages", "deleteMessages",
            "banUsers", "inviteUsers", "pinMessages", "manageTopics", "addAdmins");
    static final List<String> PERMISSIONS = List.of("sendMessages", "inviteUsers", "pinMessages", "changeInfo");

    @ParentCommand
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing admin command");
    }

    static AdminRights rights(List<String> names) {
        Set<String> set = known(names, RIGHTS, "--rights");
        return new AdminRights(set.contains("changeInfo"), set.contains("postMessages"), set.contains("editMessages"),
                set.contains("deleteMessages"), set.contains("banUsers"), set.contains("inviteUsers"),
                set.contains("pinMessages"), set.contains("manageTopics"), set.contains("addAdmins"));
    }

    static MemberPermissions permissions(List<String> names) {
        Set<String> set = known(names, PERMISSIONS, "--allow");
        return new MemberPermissions(set.contains("sendMessages"), set.contains("inviteUsers"),
                set.contains("pinMessages"), set.contains("changeInfo"));
    }

    private static Set<String> known(List<String> names, List<String> allowed, String option) {
        for (String name : names) {
            if (!allowed.contains(name)) {
                throw new CliException(ExitCode.USAGE, option + ": unknown '" + name + "' (one of "
                        + String.join(", ", allowed) + ")");
            }
        }
        return Set.copyOf(names);
    }

    @Command(name = "promote", description = "Make a member an admin with the given rights (all with --all).")
    static final class Promote implements Callable<Integer> {
        @ParentCommand
        private AdminCommand parent;
        @Mixin
        private UserInChat user;
        @Option(names = "--rights", split = ",", paramLabel = "RIGHT",
                description = "comma-separated: changeInfo, postMessages, editMessages, deleteMessages, banUsers, "
                        + "inviteUsers, pinMessages, manageTopics, addAdmins")
        private List<String> rights = List.of();
        @Option(names = "--all", description = "every right")
        private boolean all;

        @Override
        public Integer call() {
            return parent.cli.act(c -> {
                if (rights.isEmpty() && !all) {
                    throw new CliException(ExitCode.USAGE, "promote: give --rights or --all (demote removes them)");
                }
                c.moderation().setAdmin(user.chatId, user.userId(c), AdminCommand.rights(all ? RIGHTS : rights));
            }, "Promoted " + user.username + " in chat " + user.chatId + ".");
        }
    }

    @Command(name = "demote", description = "Take every admin right from a user.")
    static final class Demote implements Callable<Integer> {
        @ParentCommand
        private AdminCommand parent;
        @Mixin
        private UserInChat user;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.moderation().demote(user.chatId, user.userId(c)),
                    "Demoted " + user.username + " in chat " + user.chatId + ".");
        }
    }

    @Command(name = "ban", description = "Remove a user and keep them out (until --until, else forever).")
    static final class Ban implements Callable<Integer> {
        @ParentCommand
        private AdminCommand parent;
        @Mixin
        private UserInChat user;
        @Option(names = "--until", description = "ISO instant or Unix seconds")
        private String untilDate;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.moderation().ban(user.chatId, user.userId(c),
                    Dates.unixSecondsOrZero("--until", untilDate)), "Banned " + user.username + " from chat "
                    + user.chatId + (untilDate == null ? "." : " until " + untilDate + "."));
        }
    }

    @Command(name = "unban", description = "Lift a ban.")
    static final class Unban implements Callable<Integer> {
        @ParentCommand
        private AdminCommand parent;
        @Mixin
        private UserInChat user;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.moderation().unban(user.chatId, user.userId(c)),
                    "Unbanned " + user.username + " in chat " + user.chatId + ".");
        }
    }

    @Command(name = "restrict", description = "Leave a member only the --allow'ed permissions (none: read only).")
    static final class Restrict implements Callable<Integer> {
        @ParentCommand
        private AdminCommand parent;
        @Mixin
        private UserInChat user;
        @Option(names = "--allow", split = ",", paramLabel = "PERMISSION",
                description = "comma-separated: sendMessages, inviteUsers, pinMessages, changeInfo")
        private List<String> allow = List.of();
        @Option(names = "--until", description = "ISO instant or Unix seconds (default: forever)")
        private String untilDate;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.moderation().restrict(user.chatId, user.userId(c), permissions(allow),
                    Dates.unixSecondsOrZero("--until", untilDate)), "Restricted " + user.username + " in chat "
                    + user.chatId + (untilDate == null ? "." : " until " + untilDate + "."));
        }
    }

    @Command(name = "defaults", description = "Set what plain members may do (the --allow'ed permissions).")
    static final class Defaults implements Callable<Integer> {
        @ParentCommand
        private AdminCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Option(names = "--allow", split = ",", paramLabel = "PERMISSION",
                description = "comma-separated: sendMessages, inviteUsers, pinMessages, changeInfo")
        private List<String> allow = List.of();

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.moderation().setDefaultPermissions(chatId, permissions(allow)),
                    "Members of chat " + chatId + " may: " + (allow.isEmpty() ? "only read" : String.join(", ",
                            allow)) + ".");
        }
    }

    @Command(name = "slowmode", description = "Seconds between a member's messages in a supergroup (0: off).")
    static final class SlowMode implements Callable<Integer> {
        @ParentCommand
        private AdminCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Parameters(index = "1", paramLabel = "SECONDS")
        private int seconds;

        @Override
        public Integer call() {
            return parent.cli.act(c -> c.moderation().setSlowMode(chatId, seconds),
                    seconds == 0 ? "Slow mode off." : "Slow mode: " + seconds + " s between messages.");
        }
    }

    @Command(name = "log", description = "The admin log: moderation actions, newest first.")
    static final class Log implements Callable<Integer> {
        @ParentCommand
        private AdminCommand parent;
        @Parameters(index = "0", paramLabel = "CHAT_ID")
        private long chatId;
        @Option(names = "--limit", defaultValue = "50")
        private int limit;

        @Override
        public Integer call() {
            return parent.cli.call(c -> new AdminLog(c.moderation().adminLog(chatId, limit)),
                    (AdminLog log) -> log.entries().isEmpty() ? "The admin log is empty." : Output.table(
                            List.of("DATE", "BY", "ACTION", "USER", "DETAILS"),
                            log.entries().stream().map(AdminCommand::row).toList()));
        }
    }

    private static List<String> row(AdminLogEntry e) {
        return List.of(Instant.ofEpochSecond(e.date()).toString(), "user " + e.actorId(), e.action(),
                e.userId() == null ? "" : "user " + e.userId(), e.details() == null ? "" : e.details());
    }
}
