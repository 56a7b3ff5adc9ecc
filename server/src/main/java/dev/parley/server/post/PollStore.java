package dev.parley.server.post;

import dev.parley.protocol.message.PostMethods.PollOption;
import dev.parley.protocol.message.PostMethods.SendPoll;
import dev.parley.protocol.message.PostMethods.Voter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Polls. {@code polls}: one row per poll message with its settings and the aggregated {@code total_voters};
 * {@code poll_options}: the options with their aggregated voter counts; {@code poll_votes}: one row per (account,
 * chosen option). A vote rewrites the voter's rows and adjusts the counters in the same transaction.
 */
final class PollStore {

    /** A stored poll; {@code closeDate} 0 = none. */
    record PollRow(long chatId, long messageId, String question, boolean quiz, boolean anonymous,
            boolean multipleChoice, Integer correctOption, String explanation, long closeDate, boolean closed,
            int totalVoters) {
        boolean closedAt(long now) {
            return closed || (closeDate > 0 && closeDate <= now);
        }
    }

    void insert(Handle h, long chatId, long messageId, SendPoll p) {
        h.createUpdate("INSERT INTO polls (chat_id, message_id, question, quiz, anonymous, multiple_choice, "
                        + "correct_option, explanation, close_date) VALUES (:c, :m, :q, :quiz, :anon, :multi, "
                        + ":correct, :expl, :close)")
                .bind("c", chatId).bind("m", messageId).bind("q", p.question()).bind("quiz", p.quiz() ? 1 : 0)
                .bind("anon", p.anonymous() ? 1 : 0).bind("multi", p.multipleChoice() ? 1 : 0)
                .bind("correct", p.correctOption()).bind("expl", p.explanation())
                .bind("close", p.closeDate() == null ? 0L : p.closeDate()).execute();
        for (int i = 0; i < p.options().size(); i++) {
            h.createUpdate("INSERT INTO poll_options (chat_id, message_id, option_index, text) VALUES (:c, :m, :i, :t)")
                    .bind("c", chatId).bind("m", messageId).bind("i", i).bind("t", p.options().get(i)).execute();
        }
    }

    Optional<PollRow> poll(Handle h, long chatId, long messageId) {
        return h.createQuery("SELECT question, quiz, anonymous, multiple_choice, correct_option, explanation, "
                        + "close_date, closed, total_voters FROM polls WHERE chat_id = :c AND message_id = :m")
                .bind("c", chatId).bind("m", messageId)
                .map((rs, ctx) -> {
                    int correct = rs.getInt(5);
                    Integer correctOption = rs.wasNull() ? null : correct;
                    return new PollRow(chatId, messageId, rs.getString(1), rs.getInt(2) != 0, rs.getInt(3) != 0,
                            rs.getInt(4) != 0, correctOption, rs.getString(6), rs.getLong(7), rs.getInt(8) != 0,
                            rs.getInt(9));
                }).findOne();
    }

    /** The polls among a page's messages (see {@link PostKeyRanges}). */
    Set<PostKey> pollsAmong(Handle h, PostKeyRanges keys) {
        Set<PostKey> found = new HashSet<>();
        keys.query(h, "SELECT chat_id, message_id FROM polls", "", List.of(), rs -> {
            found.add(new PostKey(rs.getLong(1), rs.getLong(2)));
            return null;
        });
        return found;
    }

    List<PollOption> options(Handle h, long chatId, long messageId) {
        return h.createQuery("SELECT text, voters FROM poll_options WHERE chat_id = :c AND message_id = :m "
                        + "ORDER BY option_index")
                .bind("c", chatId).bind("m", messageId)
                .map((rs, ctx) -> new PollOption(rs.getString(1), rs.getInt(2))).list();
    }

    List<Integer> votesOf(Handle h, long chatId, long messageId, long userId) {
        return h.createQuery("SELECT option_index FROM poll_votes WHERE chat_id = :c AND message_id = :m "
                        + "AND user_id = :u ORDER BY option_index")
                .bind("c", chatId).bind("m", messageId).bind("u", userId).mapTo(Integer.class).list();
    }

    /** Replaces the account's chosen options ({@code previous} as read under the member lock) and the counters. */
    void vote(Handle h, long chatId, long messageId, long userId, List<Integer> previous, List<Integer> options,
            long now) {
        h.createUpdate("DELETE FROM poll_votes WHERE chat_id = :c AND message_id = :m AND user_id = :u")
                .bind("c", chatId).bind("m", messageId).bind("u", userId).execute();
        java.util.TreeMap<Integer, Integer> deltas = new java.util.TreeMap<>();
        previous.forEach(i -> deltas.merge(i, -1, Integer::sum));
        for (int i : options) {
            h.createUpdate("INSERT INTO poll_votes (chat_id, message_id, user_id, option_index, date) "
                            + "VALUES (:c, :m, :u, :i, :d)")
                    .bind("c", chatId).bind("m", messageId).bind("u", userId).bind("i", i).bind("d", now).execute();
            deltas.merge(i, 1, Integer::sum);
        }
        // Option counters in option order, so voters moving between options in opposite directions cannot deadlock.
        deltas.forEach((i, d) -> {
            if (d != 0) {
                countOption(h, chatId, messageId, i, d);
            }
        });
        int voters = (options.isEmpty() ? 0 : 1) - (previous.isEmpty() ? 0 : 1);
        if (voters != 0) {
            h.createUpdate("UPDATE polls SET total_voters = total_voters + :d WHERE chat_id = :c AND message_id = :m")
                    .bind("d", voters).bind("c", chatId).bind("m", messageId).execute();
        }
    }

    /** True if it was open. */
    boolean close(Handle h, long chatId, long messageId) {
        return h.createUpdate("UPDATE polls SET closed = 1 WHERE chat_id = :c AND message_id = :m AND closed = 0")
                .bind("c", chatId).bind("m", messageId).execute() > 0;
    }

    /** Voters oldest first, each with their options; {@code option} narrows to voters of that option. */
    List<Voter> voters(Handle h, long chatId, long messageId, Integer option, int offset, int limit) {
        String filter = option == null ? ""
                : " AND user_id IN (SELECT user_id FROM poll_votes WHERE chat_id = :c AND message_id = :m "
                        + "AND option_index = :o)";
        List<Long> users = h.createQuery("SELECT user_id FROM poll_votes WHERE chat_id = :c AND message_id = :m"
                        + filter + " GROUP BY user_id ORDER BY MIN(date), user_id LIMIT :limit OFFSET :offset")
                .bind("c", chatId).bind("m", messageId).bind("o", option == null ? 0 : option)
                .bind("limit", limit).bind("offset", offset).mapTo(Long.class).list();
        if (users.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Integer>> chosen = new LinkedHashMap<>();
        users.forEach(u -> chosen.put(u, new ArrayList<>()));
        h.createQuery("SELECT user_id, option_index FROM poll_votes WHERE chat_id = :c AND message_id = :m "
                        + "AND user_id IN (<users>) ORDER BY option_index")
                .bind("c", chatId).bind("m", messageId).bindList("users", users)
                .map((rs, ctx) -> chosen.get(rs.getLong(1)).add(rs.getInt(2))).list();
        return chosen.entrySet().stream().map(e -> new Voter(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    /** Retracts every vote of the account (option and poll counters drop). */
    void eraseUser(Handle h, long userId, long now) {
        record Voted(long chatId, long messageId) {}
        List<Voted> polls = h.createQuery("SELECT DISTINCT chat_id, message_id FROM poll_votes WHERE user_id = :u "
                        + "ORDER BY chat_id, message_id")
                .bind("u", userId).map((rs, ctx) -> new Voted(rs.getLong(1), rs.getLong(2))).list();
        for (Voted v : polls) {
            vote(h, v.chatId(), v.messageId(), userId, votesOf(h, v.chatId(), v.messageId(), userId), List.of(), now);
        }
    }

    void deleteChat(Handle h, long chatId) {
        for (String table : List.of("polls", "poll_options", "poll_votes")) {
            h.createUpdate("DELETE FROM " + table + " WHERE chat_id = :c").bind("c", chatId).execute();
        }
    }

    private static void countOption(Handle h, long chatId, long messageId, int option, int delta) {
        h.createUpdate("UPDATE poll_options SET voters = voters + :d WHERE chat_id = :c AND message_id = :m "
                        + "AND option_index = :i")
                .bind("d", delta).bind("c", chatId).bind("m", messageId).bind("i", option).execute();
    }
}
