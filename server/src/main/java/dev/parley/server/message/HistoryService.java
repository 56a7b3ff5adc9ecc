package dev.parley.server.message;

import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods;
import dev.parley.protocol.chat.ChatMethods.Chat;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Dialog;
import dev.parley.protocol.message.MessageMethods.Dialogs;
import dev.parley.protocol.message.MessageMethods.Messages;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.db.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** Reading messages: history pages, full-text search and the dialog list. Only members read, only what they see. */
public final class HistoryService {
    static final int MAX_QUERY_WORDS = 16;
    private static final int SEARCH_ROUNDS = 8;

    private final Database database;
    private final MessageStore store;
    private final MessageSearch search;
    private final ChatService chats;
    private final PostState posts;

    public HistoryService(Database database, MessageStore store, MessageSearch search, ChatService chats,
            PostState posts) {
        this.database = database;
        this.store = store;
        this.search = search;
        this.chats = chats;
        this.posts = posts;
    }

    /** Older pages run newest first below offsetId (default: the newest); newer pages oldest first above it. */
    public Messages getHistory(long userId, long chatId, Long offsetId, int limit, boolean older) {
        return database.read(h -> {
            MemberRow member = chats.requireMember(h, chatId, userId);
            long offset = offsetId != null ? offsetId : older ? Long.MAX_VALUE : 0;
            return new Messages(posts.decorate(h, userId, store.history(h, userId, chatId, member.visibleFrom(),
                    offset, limit, older).stream().map(r -> r.view(userId)).toList()));
        });
    }

    /**
     * Searches the caller's chats (or one of them), newest first. The query is reduced to its words, so FTS syntax in
     * it is just text. Deleted, hidden and pre-membership messages never match.
     */
    public Messages search(long userId, Long chatId, String query, int limit) {
        List<String> words = words(query);
        return database.read(h -> {
            Map<Long, MemberRow> memberships = new HashMap<>();
            if (chatId != null) {
                memberships.put(chatId, chats.requireMember(h, chatId, userId));
            } else {
                for (long id : chats.chatIdsOf(h, userId)) {
                    memberships.put(id, chats.requireMember(h, id, userId));
                }
            }
            List<Message> found = new ArrayList<>(limit);
            long before = Long.MAX_VALUE;
            for (int round = 0; round < SEARCH_ROUNDS && found.size() < limit; round++) {
                List<MessageSearch.Hit> hits = search.search(h, List.copyOf(memberships.keySet()), words, before,
                        limit * 2);
                for (MessageSearch.Hit hit : hits) {
                    before = hit.searchId();
                    if (found.size() < limit && visibleTo(h, memberships.get(hit.chatId()), hit.messageId())) {
                        store.find(h, hit.chatId(), hit.messageId()).filter(r -> !r.deleted())
                                .ifPresent(r -> found.add(r.view(userId)));
                    }
                }
                if (hits.size() < limit * 2) {
                    break;
                }
            }
            return new Messages(posts.decorate(h, userId, found));
        });
    }

    public Dialogs getDialogs(long userId, int offset, int limit) {
        return database.read(h -> new Dialogs(chats.dialogMemberships(h, userId, offset, limit).stream()
                .map(m -> {
                    Chat chat = chats.view(h, m.chatId(), userId);
                    return new Dialog(chat, top(h, m), unread(h, chat, m), m.readInboxMaxId(), m.readOutboxMaxId());
                })
                .toList()));
    }

    /**
     * Small chats maintain the count on every send; supergroups and channels do not (that would be a write per
     * member per post), so theirs is counted from the read pointer to the top message.
     */
    private int unread(Handle h, Chat chat, MemberRow m) {
        boolean large = ChannelMethods.KIND_CHANNEL.equals(chat.kind())
                || ChannelMethods.KIND_SUPERGROUP.equals(chat.kind());
        return large ? store.countIncoming(h, m.userId(), m.chatId(), m.readInboxMaxId(), chat.seq())
                : m.unreadCount();
    }

    /** The words of a search query: runs of letters and digits, at most {@value #MAX_QUERY_WORDS}. */
    static List<String> words(String query) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        query.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c)) {
                word.appendCodePoint(c);
            } else if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
        });
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw ParleyException.badRequest("field 'query': needs at least one letter or digit");
        }
        return words.size() > MAX_QUERY_WORDS ? words.subList(0, MAX_QUERY_WORDS) : words;
    }

    private boolean visibleTo(Handle h, MemberRow member, long messageId) {
        return member != null && messageId > member.visibleFrom()
                && store.hiddenOf(h, member.userId(), member.chatId(), Set.of(messageId)).isEmpty();
    }

    private Message top(Handle h, MemberRow member) {
        return store.history(h, member.userId(), member.chatId(), member.visibleFrom(), Long.MAX_VALUE, 1, true)
                .stream().findFirst().map(r -> r.view(member.userId())).orElse(null);
    }
}
