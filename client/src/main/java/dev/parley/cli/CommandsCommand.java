package dev.parley.cli;

import dev.parley.protocol.bot.BotMethods;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code parley cli commands}: the {@code /commands} a bot declared with setMyCommands. */
@Command(name = "commands", description = "List the /commands a bot offers.")
final class CommandsCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(index = "0", paramLabel = "BOT", description = "The bot's @username.")
    private String target;

    @Override
    public Integer call() {
        return cli.runLoggedIn((session, output) -> {
            var client = session.client();
            long botUserId = new Peers(client).user(target);
            BotMethods.Commands commands = client.bots().getCommands(botUserId);
            output.result(commands, commands.commands().isEmpty() ? target + " offers no commands."
                    : commands.commands().stream().map(c -> "/" + c.command() + " — " + c.description())
                            .collect(Collectors.joining("\n")));
        });
    }
}
