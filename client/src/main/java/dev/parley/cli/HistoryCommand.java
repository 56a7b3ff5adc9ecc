package dev.parley.cli;

import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Messages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", description = "Show the latest messages of a chat, oldest first.")
final class HistoryCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(index = "0", paramLabel = "CHAT", description = "@username, username, or chat id.")
    private String target;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N messages (1–100).")
    private int limit;

    @Override
    public Integer call() {
        return cli.run(output -> {
            try (var session = cli.loggedIn()) {
                var client = session.client();
                Peers peers = new Peers(client);
                long chatId = peers.chat(target);
                List<Message> messages = new ArrayList<>(client.messages().getHistoryOlder(chatId, null, limit));
                if (messages.stream().anyMatch(m -> m.ciphertext() != null)) {
                    var secure = cli.e2e(session);
                    messages.replaceAll(secure::reveal);
                }
                Collections.reverse(messages);
                output.result(new Messages(messages), messages.isEmpty() ? "No messages."
                        : messages.stream().map(m -> peers.line(m, output)).collect(Collectors.joining("\n")));
            }
        });
    }
}
