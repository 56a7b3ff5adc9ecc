package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.bot.BotMethods;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code parley cli press}: press an inline keyboard button of a bot's message and print the bot's answer. */
@Command(name = "press", description = "Press an inline button under a bot's message and print the bot's answer.")
final class PressCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(index = "0", paramLabel = "CHAT", description = "@username, username, or chat id.")
    private String target;

    @Parameters(index = "1", paramLabel = "MESSAGE_ID", description = "The message with the keyboard.")
    private long messageId;

    @Parameters(index = "2", paramLabel = "BUTTON", description = "The button's text (as in history) or its data.")
    private String button;

    @Override
    public Integer call() {
        return cli.runLoggedIn((session, output) -> {
            var client = session.client();
            long chatId = new Peers(client).chat(target);
            BotMethods.Markup markup = client.bots().getReplyMarkup(chatId, List.of(messageId)).markups()
                    .stream().findFirst().orElseThrow(() -> new CliException(ExitCode.USAGE,
                            "message #" + messageId + " has no keyboard"));
            JsonNode pressed = Keyboards.inlineButton(markup, button).orElseThrow(() -> new CliException(
                    ExitCode.USAGE, "message #" + messageId + " has no inline button '" + button + "'"));
            if (pressed.has("url")) {
                // Link buttons are opened by the client, never pressed on the server (docs/protocol/bots.md).
                String url = pressed.path("url").asText();
                output.result(new Link(url), "This button opens a link: " + url);
                return;
            }
            if (!pressed.has("callback_data")) {
                throw new CliException(ExitCode.USAGE, "button '" + button + "' cannot be pressed here");
            }
            BotMethods.ButtonAnswer answer = client.bots().pressButton(chatId, messageId,
                    pressed.path("callback_data").asText());
            output.result(answer, human(answer));
        });
    }

    private static String human(BotMethods.ButtonAnswer answer) {
        if (!answer.answered()) {
            return "The bot did not answer.";
        }
        StringBuilder text = new StringBuilder(Boolean.TRUE.equals(answer.showAlert()) ? "Alert from the bot: "
                : "Bot: ");
        text.append(answer.text() == null || answer.text().isEmpty() ? "(no text)" : answer.text());
        if (answer.url() != null) {
            text.append("\nOpen: ").append(answer.url());
        }
        return text.toString();
    }

    record Link(String url) {}
}
