package dev.parley.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.client.ParleyClient;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.bot.BotMethods;
import dev.parley.protocol.message.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
        return cli.runLoggedIn((session, output) -> {
            var client = session.client();
            Peers peers = new Peers(client);
            long chatId = peers.chat(target);
            List<Message> messages = new ArrayList<>(client.messages().getHistoryOlder(chatId, null, limit));
            if (messages.stream().anyMatch(m -> m.ciphertext() != null)) {
                var secure = cli.e2e(session);
                messages = new ArrayList<>(secure.reveal(messages));
            }
            Collections.reverse(messages);
            // Keyboards are not part of the message object: ask for the ones bots attached to these messages.
            List<BotMethods.Markup> markups = markups(client, chatId, messages);
            Map<Long, BotMethods.Markup> byMessage = markups.stream()
                    .collect(Collectors.toMap(BotMethods.Markup::messageId, m -> m, (a, b) -> a));
            output.result(new History(messages, markups), messages.isEmpty() ? "No messages."
                    : messages.stream().map(m -> peers.line(m, output) + keyboard(byMessage.get(m.id())))
                            .collect(Collectors.joining("\n")));
        });
    }

    private static List<BotMethods.Markup> markups(ParleyClient client, long chatId, List<Message> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        try {
            return client.bots().getReplyMarkup(chatId, messages.stream().map(Message::id).toList()).markups();
        } catch (ParleyException e) {
            if (e.code() != ErrorCode.CHAT_NOT_FOUND) {
                throw e;
            }
            // A chat we may still read but no longer belong to (we left it): its keyboards are not ours to press.
            return List.of();
        }
    }

    private static String keyboard(BotMethods.Markup markup) {
        return markup == null ? "" : Keyboards.render(markup.markup());
    }

    /** {@code --json}: the messages as before, plus the bots' keyboards when any message has one. */
    record History(List<Message> messages,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<BotMethods.Markup> markups) {}
}
