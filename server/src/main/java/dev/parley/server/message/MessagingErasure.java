package dev.parley.server.message;

import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.contacts.ContactsService;
import dev.parley.server.sync.Push;
import dev.parley.server.sync.UpdateLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Erases a deleted account from every messaging table, inside the account-deletion transaction: the messages it
 * authored are removed (content gone, with a delete event for the chats' remaining members), its private chats are
 * deleted (the peer gets chatDeleted), it leaves its groups (membership event; ownership passes on), and its update
 * log, sync state, commenter standings, blocks (both directions), hidden marks and random ids are deleted, and its
 * reactions and poll votes are taken back.
 * Forwarded copies of its messages belong to whoever forwarded them and stay (with the origin's user id).
 */
public final class MessagingErasure {
    private final ChatService chats;
    private final MessageService messages;
    private final ContactsService contacts;
    private final UpdateLog log;
    private final PostState posts;
    private final ModerationService moderation;
    private final Clock clock;

    public MessagingErasure(ChatService chats, MessageService messages, ContactsService contacts, UpdateLog log,
            PostState posts, ModerationService moderation, Clock clock) {
        this.moderation = moderation;
        this.posts = posts;
        this.chats = chats;
        this.messages = messages;
        this.contacts = contacts;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Returns the pushes for the remaining members; the caller publishes them after its transaction commits (they are
     * also in the members' logs, so a client that misses them recovers them with getDifference).
     */
    public List<Push> eraseAccount(Handle h, long userId) {
        long now = clock.instant().getEpochSecond();
        List<Push> pushes = new ArrayList<>();
        MessageStore store = messages.store();
        Map<Long, List<Long>> authored = new LinkedHashMap<>();
        store.authoredBy(h, userId).forEach(a ->
                authored.computeIfAbsent(a.chatId(), c -> new ArrayList<>()).add(a.messageId()));
        List<Long> memberOf = chats.chatIdsOf(h, userId);
        for (ChatRow chat : chats.existing(h, memberOf)) {
            if (chat.isPrivate()) {
                authored.remove(chat.chatId());
                pushes.addAll(chats.deleteChat(h, chat.chatId()));
            }
        }
        for (Map.Entry<Long, List<Long>> chat : authored.entrySet()) {
            pushes.addAll(messages.removeForEveryone(h, chat.getKey(),
                    store.findMany(h, chat.getKey(), chat.getValue()), true, now));
        }
        for (ChatRow chat : chats.existing(h, memberOf)) {
            pushes.addAll(chats.leaveGroup(h, chat.chatId(), userId, "left", now));
        }
        store.eraseUser(h, userId);
        posts.eraseUser(h, userId);
        moderation.eraseCommenter(h, userId);
        contacts.eraseUser(h, userId);
        log.eraseUser(h, userId);
        return pushes.stream().filter(p -> p.userId() != userId).toList();
    }
}
