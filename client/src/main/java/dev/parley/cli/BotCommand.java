package dev.parley.cli;

import dev.parley.client.ParleyClient;
import dev.parley.protocol.account.AuthMethods;
import dev.parley.protocol.bot.BotMethods;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code parley cli bot …}: the owner's side of bots (docs/BOT_API.md, "Getting a bot"). */
@Command(name = "bot", description = "Create bots for the Bot API and manage their tokens.",
        subcommands = {BotCommand.Create.class, BotCommand.ListBots.class, BotCommand.RevokeToken.class})
final class BotCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing bot command");
    }

    @Command(name = "create", description = "Create a bot owned by you and print its Bot API token (shown once).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        private BotCommand bot;

        @Parameters(index = "0", paramLabel = "USERNAME", description = "The bot's username; it must end in 'bot'.")
        private String username;

        @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: the username).")
        private String name;

        @Override
        public Integer call() {
            return bot.cli.runLoggedIn((session, output) -> {
                BotMethods.Created created = session.client().bots()
                        .create(username, name != null ? name : username);
                output.result(created, "Created bot @" + created.username() + " (user " + created.botUserId()
                        + ").\nToken: " + created.token() + "\nKeep it secret: it is shown only once.");
            });
        }
    }

    @Command(name = "list", description = "List your bots.")
    static final class ListBots implements Callable<Integer> {
        @ParentCommand
        private BotCommand bot;

        @Override
        public Integer call() {
            return bot.cli.runLoggedIn((session, output) -> {
                BotMethods.Bots bots = session.client().bots().list();
                StringBuilder human = new StringBuilder();
                for (BotMethods.Bot b : bots.bots()) {
                    human.append(human.isEmpty() ? "" : "\n").append('@').append(b.username()).append(" (")
                            .append(b.name()).append("), user ").append(b.botUserId()).append(", privacy ")
                            .append(b.privacyMode() ? "on" : "off").append(", created ")
                            .append(Instant.ofEpochSecond(b.createdAt()));
                }
                output.result(bots, human.isEmpty() ? "You have no bots." : human.toString());
            });
        }
    }

    @Command(name = "revoke-token", description = "Replace a bot's token; the old one stops working at once.")
    static final class RevokeToken implements Callable<Integer> {
        @ParentCommand
        private BotCommand bot;

        @Parameters(index = "0", paramLabel = "BOT", description = "The bot's username or user id.")
        private String target;

        @Override
        public Integer call() {
            return bot.cli.runLoggedIn((session, output) -> {
                BotMethods.Created created = session.client().bots().revokeToken(botId(session.client()));
                output.result(created, "New token for @" + created.username() + ": " + created.token());
            });
        }

        /** A user id as is; a username among the caller's own bots (so another user's bot is "not yours"). */
        private long botId(ParleyClient client) {
            String name = target.startsWith("@") ? target.substring(1) : target;
            if (!target.startsWith("@") && !name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                try {
                    return Long.parseLong(name);
                } catch (NumberFormatException e) {
                    throw new CliException(ExitCode.USAGE, "bot id out of range: " + target);
                }
            }
            String canonical = AuthMethods.canonicalUsername(name);
            return client.bots().list().bots().stream().filter(b -> b.username().equals(canonical)).findFirst()
                    .map(BotMethods.Bot::botUserId)
                    .orElseThrow(() -> new CliException(ExitCode.USAGE, "you have no bot @" + canonical));
        }
    }
}
