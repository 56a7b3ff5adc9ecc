package dev.parley.server.message;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * {@link MessageSearch} on the PostgreSQL table {@code message_search} (postgresql/V3__message_search.sql): a GIN
 * index over a {@code 'simple'} tsvector. Text and query words are folded here the way SQLite's unicode61 tokenizer
 * folds them (lower case, diacritics removed, split at anything but letters and digits), so both dialects find the
 * same messages. Every word is required; the last one also matches as a prefix.
 */
public final class PostgresMessageSearch implements MessageSearch {

    @Override
    public void index(Handle h, MessageRow message) {
        h.createUpdate("INSERT INTO message_search (chat_id, search_id, message_id, document) "
                        + "VALUES (:c, :r, :m, to_tsvector('simple', :d))")
                .bind("c", message.chatId()).bind("r", message.searchId()).bind("m", message.messageId())
                .bind("d", fold(message.text())).execute();
    }

    @Override
    public void remove(Handle h, long searchId) {
        h.createUpdate("DELETE FROM message_search WHERE search_id = :r").bind("r", searchId).execute();
    }

    @Override
    public List<Hit> search(Handle h, List<Long> chatIds, List<String> words, long beforeSearchId, int limit) {
        if (chatIds.isEmpty() || words.isEmpty()) {
            return List.of();
        }
        String query = tsQuery(words);
        if (query.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT search_id, chat_id, message_id FROM message_search "
                        + "WHERE document @@ to_tsquery('simple', :q) AND search_id < :before AND chat_id IN (<chats>) "
                        + "ORDER BY search_id DESC LIMIT :limit")
                .bind("q", query).bind("before", beforeSearchId).bindList("chats", chatIds).bind("limit", limit)
                .map((rs, ctx) -> new Hit(rs.getLong(1), rs.getLong(2), rs.getLong(3))).list();
    }

    /** Lower case, diacritics removed, every run of non-letters/digits one space: FTS5 unicode61's view of text. */
    static String fold(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder folded = new StringBuilder(decomposed.length());
        boolean space = true;
        for (int i = 0; i < decomposed.length(); ) {
            int c = decomposed.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (Character.isLetterOrDigit(c)) {
                folded.appendCodePoint(c);
                space = false;
            } else if (!space) {
                folded.append(' ');
                space = true;
            }
        }
        return folded.toString().toLowerCase(Locale.ROOT).strip();
    }

    /**
     * Each folded word as a quoted lexeme (so nothing in it is tsquery syntax), joined with AND; the last one with
     * {@code :*} for prefix matching.
     */
    static String tsQuery(List<String> words) {
        StringBuilder query = new StringBuilder();
        List<String> folded = words.stream().map(PostgresMessageSearch::fold)
                .flatMap(w -> java.util.Arrays.stream(w.split(" "))).filter(w -> !w.isEmpty()).toList();
        for (int i = 0; i < folded.size(); i++) {
            if (i > 0) {
                query.append(" & ");
            }
            query.append('\'').append(folded.get(i).replace("\\", "\\\\").replace("'", "''")).append('\'');
            if (i == folded.size() - 1) {
                query.append(":*");
            }
        }
        return query.toString();
    }
}
