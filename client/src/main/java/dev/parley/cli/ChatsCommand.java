package dev.parley.cli;

import dev.parley.protocol.message.MessageMethods.Dialog;
import dev.parley.protocol.message.MessageMethods.Dialogs;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "chats", description = "List your chats, most recently active first, with unread counts.")
final class ChatsCommand implements Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N chats (1–100).")
    private int limit;

    @Override
    public Integer call() {
        return cli.runLoggedIn((session, output) -> {
            List<Dialog> listed = session.client().messages().getDialogs(0, limit);
            // Encrypted chats' last messages are shown as this device decrypted them.
            List<Dialog> dialogs = listed.stream().noneMatch(d -> d.topMessage() != null
                    && d.topMessage().ciphertext() != null) ? listed : reveal(cli.e2e(session), listed);
            Peers peers = new Peers(session.client());
            long me = session.saved().userId();
            List<List<String>> rows = dialogs.stream().map(d -> List.of(
                    Long.toString(d.chat().chatId()),
                    d.chat().kind(),
                    title(d, peers),
                    Integer.toString(d.unreadCount()),
                    d.topMessage() == null ? "" : last(d, peers, me, output))).toList();
            output.result(new Dialogs(dialogs),
                    Output.table(List.of("CHAT", "KIND", "TITLE", "UNREAD", "LAST MESSAGE"), rows));
        });
    }

    private static List<Dialog> reveal(dev.parley.client.e2e.SecureChats secure, List<Dialog> dialogs) {
        return dialogs.stream().map(d -> d.topMessage() == null || d.topMessage().ciphertext() == null ? d
                : new Dialog(d.chat(), secure.reveal(d.topMessage()), d.unreadCount(), d.readInboxMaxId(),
                        d.readOutboxMaxId())).toList();
    }

    private static String title(Dialog dialog, Peers peers) {
        var chat = dialog.chat();
        if (chat.title() != null) {
            return chat.title();
        }
        return chat.peerId() == null ? "" : "@" + peers.name(chat.chatId(), chat.peerId());
    }

    private static String last(Dialog dialog, Peers peers, long me, Output output) {
        var message = dialog.topMessage();
        if (Boolean.TRUE.equals(message.deleted())) {
            return "(deleted)";
        }
        String who = message.senderId() != null && message.senderId() == me ? "you"
                : message.senderId() == null ? "?" : peers.name(message.chatId(), message.senderId());
        String text = message.ciphertext() != null && message.text().isEmpty() ? "(encrypted)"
                : message.text().replace('\n', ' ');
        return output.time(message.date()) + " " + who + ": "
                + (text.codePointCount(0, text.length()) > 40 ? text.substring(0, text.offsetByCodePoints(0, 40)) + "…"
                : text);
    }
}
