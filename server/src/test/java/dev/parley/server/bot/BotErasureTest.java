package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.PostgresFixture;
import dev.parley.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deleting an account deletes the bots it owns and everything they stored, in every table; other people's bots in the
 * same chats stay untouched. Runs on SQLite here and on PostgreSQL in {@link BotErasurePostgresTest}.
 */
class BotErasureTest {
    private PostgresFixture postgres;
    private TestServer server;
    private BotFixture fx;

    Backend backend() {
        return Backend.SQLITE;
    }

    @BeforeEach
    void start() {
        if (backend() == Backend.POSTGRESQL) {
            postgres = new PostgresFixture();
        }
        server = TestServer.start(c -> {
            c = BotFixture.config(c);
            return postgres == null ? c : c.withDb(postgres.url());
        });
        fx = new BotFixture(server);
    }

    @AfterEach
    void stop() {
        fx.close();
        server.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void deletingAnOwnerErasesTheirBotsFromEveryTableAndLeavesOtherBotsAlone() {
        BotFixture.User owner = fx.register("owner");
        BotFixture.User friend = fx.register("friend");
        BotFixture.Bot bot = fx.createBot(owner, "doomed");
        BotFixture.Bot idle = fx.createBot(owner, "idle");
        BotFixture.Bot kept = fx.createBot(friend, "kept");
        long ownerChat = fx.privateChat(owner, bot.id());
        long friendChat = fx.privateChat(friend, bot.id());
        long group = fx.group(friend, "club", List.of(bot.id(), kept.id(), owner.id()));
        long supergroup = fx.group(friend, "big club", List.of(bot.id(), kept.id()));
        fx.protocol(friend.token(), "chats.convertToSupergroup", Map.of("chatId", supergroup));
        fx.protocol(owner.token(), "bots.setPrivacy", Map.of("botUserId", bot.id(), "enabled", false));
        fx.send(owner, ownerChat, "owner to bot");
        fx.send(friend, friendChat, "friend to bot");
        fx.send(friend, group, "/start@" + bot.username());
        Map<String, Object> keyboard = Map.of("inline_keyboard",
                List.of(List.of(Map.of("text", "Press", "callback_data", "press"))));
        fx.ok(bot, "sendMessage", Map.of("chat_id", friendChat, "text", "doomed bot words", "reply_markup", keyboard));
        fx.ok(bot, "sendMessage", Map.of("chat_id", group, "text", "doomed bot words", "reply_markup", keyboard));
        fx.ok(bot, "sendMessage", Map.of("chat_id", ownerChat, "text", "doomed bot words", "reply_markup", keyboard));
        fx.ok(bot, "sendMessage", Map.of("chat_id", supergroup, "text", "doomed bot words", "reply_markup",
                keyboard));
        fx.send(friend, supergroup, "friend in the supergroup");
        fx.ok(bot, "setMyCommands", Map.of("commands", List.of(Map.of("command", "start", "description", "go"))));
        fx.ok(bot, "setWebhook", Map.of("url", "http://127.0.0.1:9/hook", "secret_token", "doomed_secret"));
        fx.ok(kept, "sendMessage", Map.of("chat_id", group, "text", "kept bot words", "reply_markup", keyboard));
        fx.ok(kept, "setMyCommands", Map.of("commands", List.of(Map.of("command", "help", "description", "h"))));
        assertThat(count("SELECT COUNT(*) FROM bot_updates WHERE bot_id = " + bot.id())).isPositive();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (count("SELECT COUNT(*) FROM bot_chat_cursors WHERE bot_id = " + bot.id()) == 0) {
            assertThat(System.nanoTime()).as("the bot follows the supergroup").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(20).toNanos());
        }

        fx.protocol(owner.token(), "account.delete", Map.of("password", "correct horse battery"));

        assertThat(tablesMentioning(List.of(owner.id(), bot.id(), idle.id()), "doomed bot words")).isEmpty();
        assertThat(tablesMentioning(List.of(), "doomed_secret")).isEmpty();
        assertThat(fx.api(bot, "getMe", Map.of()).status()).isEqualTo(401);
        assertThat(fx.api(idle, "getMe", Map.of()).status()).isEqualTo(401);
        // The friend's bot, its keyboard and commands, and the group itself remain.
        assertThat(fx.ok(kept, "getChatMemberCount", Map.of("chat_id", group)).asInt()).isEqualTo(2);
        assertThat(fx.ok(kept, "getChatMemberCount", Map.of("chat_id", supergroup)).asInt()).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM bot_reply_markup WHERE bot_id = " + kept.id())).isEqualTo(1);
        assertThat(fx.history(friend, supergroup)).extracting(m -> m.path("text").asText())
                .containsExactly("friend in the supergroup");
        assertThat(count("SELECT COUNT(*) FROM bot_commands WHERE bot_id = " + kept.id())).isEqualTo(1);
        JsonNode history = fx.history(friend, group);
        assertThat(history).extracting(m -> m.path("text").asText()).contains("kept bot words")
                .doesNotContain("doomed bot words");
        assertThat(fx.protocolRaw(friend.token(), "chats.get", Map.of("chatId", friendChat)).errorCode())
                .isEqualTo("CHAT_NOT_FOUND");
    }

    private long count(String sql) {
        return server.database().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** Every table (SQLite or PostgreSQL) with a row holding one of the ids or the text in any column. */
    private List<String> tablesMentioning(Collection<Long> ids, String text) {
        List<String> values = new ArrayList<>(ids.stream().map(String::valueOf).toList());
        values.add(text);
        return server.database().read(h -> {
            String tablesSql = backend() == Backend.SQLITE
                    ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
            List<String> tables = h.createQuery(tablesSql).mapTo(String.class).list();
            assertThat(tables).contains("users", "bots", "bot_updates", "bot_reply_markup", "messages");
            List<String> hits = new ArrayList<>();
            for (String table : tables) {
                String columnsSql = backend() == Backend.SQLITE ? "SELECT name FROM pragma_table_info(:table)"
                        : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                                + "AND table_name = :table";
                for (String column : h.createQuery(columnsSql).bind("table", table).mapTo(String.class).list()) {
                    long matches = h.createQuery("SELECT COUNT(*) FROM \"" + table + "\" WHERE CAST(\"" + column
                                    + "\" AS TEXT) IN (<values>)")
                            .bindList("values", values).mapTo(Long.class).one();
                    if (matches > 0) {
                        hits.add(table + "." + column);
                    }
                }
            }
            return hits;
        });
    }
}
