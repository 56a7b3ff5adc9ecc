package dev.parley.server.post;

import dev.parley.server.db.Sql;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * The post state of a page of messages (a difference page spans up to a thousand messages in a hundred chats), read
 * as runs of consecutive ids per chat: {@code (chat_id = ? AND message_id BETWEEN ? AND ?) OR …}, {@value #GROUP}
 * runs per statement (padded by repeating the last run), so there are a handful of statement texts that the read
 * connections' statement caches keep. A {@code chat_id IN (…) AND message_id IN (…)} list of a thousand ids was a
 * new statement text on every page: JDBI re-lexed it and SQLite prepared it afresh. Rows of the runs that are not
 * among the wanted keys (ids skipped inside a run) are dropped here, so callers see exactly the keys they asked for.
 */
final class PostKeyRanges {
    /** Runs per statement. */
    static final int GROUP = 16;
    /** Ids further apart than this start a new run, so a sparse set does not read whole stretches of a chat. */
    static final long MAX_GAP = 32;

    private record Run(long chatId, long from, long to) {}

    private final Set<PostKey> wanted;
    private final List<Run> runs;

    private PostKeyRanges(Set<PostKey> wanted, List<Run> runs) {
        this.wanted = wanted;
        this.runs = runs;
    }

    static PostKeyRanges of(Collection<PostKey> keys) {
        TreeSet<PostKey> sorted = new TreeSet<>((a, b) -> a.chatId() != b.chatId()
                ? Long.compare(a.chatId(), b.chatId()) : Long.compare(a.messageId(), b.messageId()));
        sorted.addAll(keys);
        List<Run> runs = new ArrayList<>();
        Run open = null;
        for (PostKey key : sorted) {
            if (open != null && open.chatId() == key.chatId() && key.messageId() - open.to() <= MAX_GAP) {
                open = new Run(open.chatId(), open.from(), key.messageId());
            } else {
                if (open != null) {
                    runs.add(open);
                }
                open = new Run(key.chatId(), key.messageId(), key.messageId());
            }
        }
        if (open != null) {
            runs.add(open);
        }
        return new PostKeyRanges(new HashSet<>(keys), runs);
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }

    /** The keys of these chats only. */
    PostKeyRanges inChats(Collection<Long> chatIds) {
        Set<Long> chats = Set.copyOf(chatIds);
        return of(wanted.stream().filter(k -> chats.contains(k.chatId())).toList());
    }

    /**
     * Runs {@code select} (the columns, {@code chat_id, message_id} first, and {@code FROM table}; the run condition
     * is appended, then {@code tail}, e.g. an ORDER BY) for every group of runs, with {@code prefix} values bound
     * before the runs' (their {@code ?} must come first in {@code select}), and hands each wanted row to {@code row}.
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
            statement.list(rs -> {
                if (wanted.contains(new PostKey(rs.getLong(1), rs.getLong(2)))) {
                    row.map(rs);
                }
                return null;
            });
        }
    }
}
