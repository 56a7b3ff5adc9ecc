package dev.parley.cli;

import dev.parley.protocol.message.Message;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "edit", description = "Replace the text of one of your messages. In an end-to-end encrypted chat the "
        + "new text is encrypted on this device and sent as an edit that the other devices apply to the original.")
final class EditCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(index = "0", paramLabel = "CHAT", description = "The chat id.")
    private String target;

    @Parameters(index = "1", paramLabel = "ID", description = "The message id in the chat.")
    private long messageId;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "TEXT")
    private List<String> words;

    @Override
    public Integer call() {
        return cli.runLoggedIn((session, output) -> {
            var client = session.client();
            long chatId = new Peers(client).chat(target);
            String text = String.join(" ", words);
            Message edited = client.chats().get(chatId).e2e()
                    ? cli.e2e(session).edit(chatId, messageId, text)
                    : client.messages().edit(chatId, messageId, text, null).message();
            output.result(edited, "Edited message " + messageId + " of chat " + chatId + ".");
        });
    }
}
