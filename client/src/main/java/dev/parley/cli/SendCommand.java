package dev.parley.cli;

import dev.parley.client.e2e.E2e;
import dev.parley.protocol.message.MessageMethods.Sent;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "send", description = "Send a message to a user (by username) or a chat (by id). The words are "
        + "joined with spaces; the message is sent exactly once even if the connection drops. In an end-to-end "
        + "encrypted chat it is encrypted on this device. A private chat it starts is end-to-end encrypted unless --cloud is "
        + "given or the other side has no device that could read it (a bot).")
final class SendCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Parameters(index = "0", paramLabel = "TO", description = "@username, username, or chat id.")
    private String target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT")
    private List<String> words;

    @Option(names = "--reply-to", paramLabel = "ID", description = "Reply to this message id of the chat.")
    private Long replyTo;

    @Option(names = "--cloud", description = "A private chat this send creates is a cloud chat (the server can read "
            + "it) instead of an end-to-end encrypted one.")
    private boolean cloud;

    /**
     * The private chat with {@code userId}, created end-to-end encrypted unless --cloud was given or they have no
     * device that could read it (bots never have one): a chat nobody else can decrypt would be no chat at all.
     */
    private long privateChat(Cli.LoggedIn session, long userId) {
        var client = session.client();
        boolean encrypt = !cloud && !new E2e(client).getDevices(List.of(userId)).getFirst().devices().isEmpty();
        if (encrypt) {
            cli.e2e(session);
        }
        return client.chats().createPrivate(userId, encrypt).chatId();
    }

    @Override
    public Integer call() {
        return cli.runLoggedIn((session, output) -> {
            var client = session.client();
            Peers peers = new Peers(client);
            long chatId = Peers.isChatId(target) ? peers.chat(target) : privateChat(session, peers.user(target));
            String text = String.join(" ", words);
            Sent sent;
            if (client.chats().get(chatId).e2e()) {
                sent = cli.e2e(session).send(chatId, text, replyTo);
            } else {
                sent = client.messages().send(chatId, text, dev.parley.client.Messages.newRandomId(), replyTo,
                        null);
            }
            output.result(sent, "Sent message " + sent.message().id() + " to chat " + chatId + ".");
        });
    }
}
