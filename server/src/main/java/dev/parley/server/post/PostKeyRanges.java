package dev.parley.server.post;

import dev.parley.server.db.Sql;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The post state of a page of messages (a difference page spans up to a thousand messages in a hundred chats), read
 * as runs of consecutive ids per chat: {@code (chat_id = ? AND message_id BETWEEN ? AND ?) OR …}, {@value #GROUP}
 * runs per statement (padded by repeating the last run), so there are a handful of statement texts that the read
 * connections' statement caches keep. A {@code chat_id IN (…) AND message_id IN (…)} list of a thousand ids was a
 * new statement text on every page: JDBI re-lexed it and SQLite prepared it afresh. A run may also return rows of
 * ids skipped inside it (at most {@value #MAX_GAP} in a row); callers look their messages up by key, as they did
 * with the IN lists (which matched every listed id in every listed chat).
 */
final class PostKeyRanges {
    /** Runs per statement. */
    static final int GROUP = 16;
    /** Ids further apart than this start a new run, so a sparse set does not read whole stretches of a chat. */
    static final long MAX_GAP = 32;

    private record Run(long chatId, long from, long to) {}

    private final List<PostKey> keys;
    private final List<Run> runs;

    private PostKeyRanges(List<PostKey> keys, List<Run> runs) {
        this.keys = keys;
        this.runs = runs;
    }

    static PostKeyRanges of(Collection<PostKey> keys) {
        // A page's messages come grouped by chat in id order, so this sort is a linear pass.
        List<PostKey> sorted = new ArrayList<>(keys);
        sorted.sort(BY_CHAT_AND_ID);
        List<Run> runs = new ArrayList<>();
        long chat = 0;
        long from = 0;
        long to = 0;
        boolean open = false;
        for (PostKey key : sorted) {
            if (open && chat == key.chatId() && key.messageId() - to <= MAX_GAP) {
                to = key.messageId();
                continue;
            }
            if (open) {
                runs.add(new Run(chat, from, to));
            }
            chat = key.chatId();
            from = key.messageId();
            to = from;
            open = true;
        }
        if (open) {
            runs.add(new Run(chat, from, to));
        }
        return new PostKeyRanges(sorted, runs);
    }

    private static final Comparator<PostKey> BY_CHAT_AND_ID = (a, b) -> a.chatId() != b.chatId()
            ? Long.compare(a.chatId(), b.chatId()) : Long.compare(a.messageId(), b.messageId());

    /** The keys of these chats only. */
    PostKeyRanges inChats(Collection<Long> chatIds) {
        Set<Long> chats = Set.copyOf(chatIds);
        return of(keys.stream().filter(k -> chats.contains(k.chatId())).toList());
    }

    /**
     * Runs {@code select} (the columns, {@code chat_id, message_id} first, and {@code FROM table}; the run condition
     * is appended, then {@code tail}, e.g. an ORDER BY) for every group of runs, with {@code prefix} values bound
     * before the runs' (their {@code ?} must come first in {@code select}), and hands each row to {@code row}.
     */
    void query(Handle h, String select, String tail, List<Long> prefix, Sql.Row<Void> row) {
        for (int start = 0; start < runs.size(); start += GROUP) {
            List<Run> group = runs.subList(start, Math.min(runs.size(), start + GROUP));
            int size = Integer.highestOneBit(group.size()) == group.size() ? group.size()
                    : Integer.highestOneBit(group.size()) << 1;
            StringBuilder sql = new StringBuilder(select).append(select.contains(" WHERE ") ? " AND (" : " WHERE (");
            for (int i = 0; i < size; i++) {
                sql.append(i == 0 ? "" : " OR ").append("(chat_id = ? AND message_id BETWEEN ? AND ?)");
            }
            Sql statement = Sql.on(h, sql.append(')').append(tail).toString());
            int index = 1;
            for (long value : prefix) {
                statement.set(index++, value);
            }
            for (int i = 0; i < size; i++) {
                Run run = group.get(Math.min(i, group.size() - 1));
                statement.set(index++, run.chatId()).set(index++, run.from()).set(index++, run.to());
            }
            statement.list(row);
        }
    }
}
