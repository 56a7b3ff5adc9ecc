package dev.parley.cli;

import dev.parley.protocol.Limits;
import dev.parley.protocol.sync.SyncMethods.Affected;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "read", description = "Mark every message of a chat as read.")
final class ReadCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(index = "0", paramLabel = "CHAT", description = "@username, username, or chat id.")
    private String target;

    @Override
    public Integer call() {
        return cli.runLoggedIn((session, output) -> {
            var client = session.client();
            long chatId = new Peers(client).chat(target);
            // The server caps the pointer at the chat's last message, so "everything" is the largest id.
            Affected affected = client.messages().readHistory(chatId, Limits.MAX_SAFE_INTEGER);
            output.result(affected, "Chat " + chatId + " is read.");
        });
    }
}
