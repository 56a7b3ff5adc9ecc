package dev.parley.server.bot;

import dev.parley.server.account.AccountErasure;
import dev.parley.server.account.AccountService;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.message.MessagingErasure;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Erases the bots a deleted account owns, inside the account-deletion transaction: each bot is erased from messaging as
 * any account is (its messages, private chats, memberships, update log), then its bot rows (queue, commands,
 * keyboards) and its account row go. Keyboards attached to messages in the deleted user's own private chats go too,
 * since those chats are deleted. BotFather owns itself, so no user's deletion reaches it.
 */
final class BotErasure implements AccountErasure {
    private final BotStore store;
    private final ChatService chats;
    private final MessagingErasure messaging;
    private final AccountService accounts;

    BotErasure(BotStore store, ChatService chats, MessagingErasure messaging, AccountService accounts) {
        this.store = store;
        this.chats = chats;
        this.messaging = messaging;
        this.accounts = accounts;
    }

    @Override
    public void eraseAccount(Handle h, long userId) {
        store.deleteMarkups(h, privateChats(h, userId));
        for (long botId : store.ownedBy(h, userId)) {
            if (botId == userId) {
                continue;
            }
            List<Long> chatIds = chats.chatIdsOf(h, botId);
            store.deleteMarkups(h, privateChats(h, botId));
            messaging.eraseAccount(h, botId);
            store.delete(h, botId, chatIds);
            accounts.eraseAccountRows(h, botId);
        }
    }

    private List<Long> privateChats(Handle h, long userId) {
        return chats.existing(h, chats.chatIdsOf(h, userId)).stream().filter(ChatRow::isPrivate)
                .map(ChatRow::chatId).toList();
    }
}
