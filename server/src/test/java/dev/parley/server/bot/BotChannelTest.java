package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Await;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bots in channels: an owner (or an admin who may appoint admins) adds a bot as an admin with Telegram's rights; the
 * bot gets {@code my_chat_member}, receives posts as {@code channel_post} / {@code edited_channel_post} (the chat
 * speaks as itself: {@code sender_chat}, {@code author_signature}), and posts, edits and deletes only with the rights
 * it was given, refused in Telegram's words otherwise.
 */
class BotChannelTest {
    @RegisterExtension
    static final TestServer server = TestServer.create(BotFixture::config);
    static BotFixture fx;

    @BeforeAll
    static void fixture() {
        fx = new BotFixture(server);
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    record Channel(BotFixture.User owner, long chatId) {}

    static Channel channel(boolean signed) {
        BotFixture.User owner = fx.register("cowner");
        long chatId = fx.protocol(owner.token(), "channels.create", Map.of("title", "News", "kind", "channel",
                "signMessages", signed)).path("chat").path("chatId").asLong();
        return new Channel(owner, chatId);
    }

    static Map<String, Object> rights(String... granted) {
        Map<String, Object> rights = new LinkedHashMap<>();
        for (String right : granted) {
            rights.put(right, true);
        }
        return rights;
    }

    static RawClient.HttpReply setAdmin(BotFixture.User actor, long chatId, long userId, Map<String, Object> rights) {
        return fx.protocolRaw(actor.token(), "chats.setAdmin", Map.of("chatId", chatId, "userId", userId,
                "rights", rights));
    }

    /** Long-polls (offsets confirm what was read) until an update of {@code kind} arrives; returns its object. */
    static JsonNode next(BotFixture.Bot bot, String kind, List<String> allowed) {
        while (true) {
            JsonNode updates = fx.ok(bot, "getUpdates", Map.of("timeout", 10, "allowed_updates", allowed));
            assertThat(updates.size()).as("an update for %s within the poll timeout", kind).isPositive();
            long last = updates.get(updates.size() - 1).path("update_id").asLong();
            fx.ok(bot, "getUpdates", Map.of("offset", last + 1, "timeout", 0, "allowed_updates", allowed));
            for (JsonNode update : updates) {
                if (update.has(kind)) {
                    return update.path(kind);
                }
            }
        }
    }

    /** The bot's read position in the chat (0 before its queue first saw the chat). */
    static long cursor(BotFixture.Bot bot, long chatId) {
        return server.database().read(h -> h.createQuery("SELECT seq FROM bot_chat_cursors WHERE bot_id = :b "
                + "AND chat_id = :c").bind("b", bot.id()).bind("c", chatId).mapTo(Long.class).findOne().orElse(0L));
    }

    static JsonNode next(BotFixture.Bot bot, String kind) {
        return next(bot, kind, List.of());
    }

    @Test
    void aBotAddedAsAdminGetsMyChatMemberThenChannelPostsSpeakingAsTheChannel() {
        Channel c = channel(true);
        BotFixture.Bot bot = fx.createBot(c.owner(), "chan");

        assertThat(setAdmin(c.owner(), c.chatId(), bot.id(), rights("postMessages", "editMessages")).status())
                .isEqualTo(200);
        JsonNode joined = next(bot, "my_chat_member");
        long postId = fx.send(c.owner(), c.chatId(), "Breaking news").path("id").asLong();
        JsonNode post = next(bot, "channel_post");
        fx.protocol(c.owner().token(), "messages.edit", Map.of("chatId", c.chatId(), "id", postId,
                "text", "Breaking news, corrected"));
        JsonNode edited = next(bot, "edited_channel_post");

        assertThat(joined.path("chat").path("type").asText()).isEqualTo("channel");
        assertThat(joined.path("from").path("id").asLong()).isEqualTo(c.owner().id());
        assertThat(joined.path("old_chat_member").path("status").asText()).isEqualTo("left");
        assertThat(joined.path("new_chat_member").path("status").asText()).isEqualTo("administrator");
        assertThat(joined.path("new_chat_member").path("can_post_messages").asBoolean()).isTrue();
        assertThat(joined.path("new_chat_member").path("can_delete_messages").asBoolean()).isFalse();
        assertThat(post.path("message_id").asLong()).isEqualTo(postId);
        assertThat(post.path("chat").path("id").asLong()).isEqualTo(c.chatId());
        assertThat(post.path("chat").path("type").asText()).isEqualTo("channel");
        assertThat(post.path("chat").path("title").asText()).isEqualTo("News");
        assertThat(post.path("sender_chat").path("id").asLong()).isEqualTo(c.chatId());
        assertThat(post.has("from")).isFalse();
        assertThat(post.path("author_signature").asText()).isNotEmpty();
        assertThat(post.path("text").asText()).isEqualTo("Breaking news");
        assertThat(edited.path("message_id").asLong()).isEqualTo(postId);
        assertThat(edited.path("text").asText()).isEqualTo("Breaking news, corrected");
        assertThat(edited.path("edit_date").asLong()).isPositive();
    }

    @Test
    void aBotPostsEditsAndDeletesInTheChannelWithTheRightsItWasGiven() {
        Channel c = channel(false);
        BotFixture.Bot bot = fx.createBot(c.owner(), "editor");
        setAdmin(c.owner(), c.chatId(), bot.id(), rights("postMessages", "editMessages", "deleteMessages",
                "changeInfo"));
        long ownerPost = fx.send(c.owner(), c.chatId(), "draft").path("id").asLong();
        long doomed = fx.send(c.owner(), c.chatId(), "to delete").path("id").asLong();

        JsonNode sent = fx.ok(bot, "sendMessage", Map.of("chat_id", c.chatId(), "text", "from the bot"));
        JsonNode edited = fx.ok(bot, "editMessageText", Map.of("chat_id", c.chatId(), "message_id", ownerPost,
                "text", "final"));
        JsonNode deleted = fx.ok(bot, "deleteMessage", Map.of("chat_id", c.chatId(), "message_id", doomed));
        JsonNode poll = fx.ok(bot, "sendPoll", Map.of("chat_id", c.chatId(), "question", "Next topic?",
                "options", List.of("a", "b")));
        BotFixture.Reply publicPoll = fx.api(bot, "sendPoll", Map.of("chat_id", c.chatId(), "question", "Who?",
                "options", List.of("a", "b"), "is_anonymous", false));
        JsonNode renamed = fx.ok(bot, "setChatTitle", Map.of("chat_id", c.chatId(), "title", "Newer News"));

        assertThat(sent.path("chat").path("type").asText()).isEqualTo("channel");
        assertThat(sent.path("sender_chat").path("id").asLong()).isEqualTo(c.chatId());
        assertThat(sent.has("from")).isFalse();
        assertThat(sent.has("author_signature")).isFalse();
        assertThat(edited.path("text").asText()).isEqualTo("final");
        assertThat(deleted.asBoolean()).isTrue();
        assertThat(poll.path("sender_chat").path("id").asLong()).isEqualTo(c.chatId());
        assertThat(poll.path("poll").path("is_anonymous").asBoolean()).isTrue();
        assertThat(renamed.asBoolean()).isTrue();
        assertThat(fx.ok(bot, "getChat", Map.of("chat_id", c.chatId())).path("title").asText())
                .isEqualTo("Newer News");
        assertThat(publicPoll.status()).isEqualTo(400);
        assertThat(publicPoll.description())
                .isEqualTo("Bad Request: non-anonymous polls can't be sent to channel chats");
        JsonNode history = fx.history(c.owner(), c.chatId());
        assertThat(history.findValuesAsText("text")).contains("from the bot", "final", "Next topic?")
                .doesNotContain("to delete", "Who?");
    }

    @Test
    void withoutTheRightsABotIsRefusedInTelegramsWordsAndOutsidersFindNoChat() {
        Channel c = channel(false);
        BotFixture.Bot pinner = fx.createBot(c.owner(), "pinner");
        BotFixture.Bot outsider = fx.createBot(c.owner(), "outsider");
        setAdmin(c.owner(), c.chatId(), pinner.id(), rights("pinMessages"));
        long post = fx.send(c.owner(), c.chatId(), "owner's post").path("id").asLong();

        BotFixture.Reply send = fx.api(pinner, "sendMessage", Map.of("chat_id", c.chatId(), "text", "hi"));
        BotFixture.Reply edit = fx.api(pinner, "editMessageText", Map.of("chat_id", c.chatId(), "message_id", post,
                "text", "hijacked"));
        BotFixture.Reply delete = fx.api(pinner, "deleteMessage", Map.of("chat_id", c.chatId(), "message_id", post));
        BotFixture.Reply stranger = fx.api(outsider, "sendMessage", Map.of("chat_id", c.chatId(), "text", "hi"));
        BotFixture.Reply poll = fx.api(pinner, "sendPoll", Map.of("chat_id", c.chatId(), "question", "q",
                "options", List.of("a", "b")));
        BotFixture.Reply rename = fx.api(pinner, "setChatTitle", Map.of("chat_id", c.chatId(), "title", "Mine"));

        assertThat(send.status()).isEqualTo(400);
        assertThat(send.description()).isEqualTo("Bad Request: need administrator rights in the channel chat");
        assertThat(edit.status()).isEqualTo(400);
        assertThat(edit.description()).isEqualTo("Bad Request: message can't be edited");
        assertThat(delete.status()).isEqualTo(400);
        assertThat(delete.description()).isEqualTo("Bad Request: message can't be deleted");
        assertThat(rename.description()).isEqualTo("Bad Request: not enough rights to change chat title");
        assertThat(poll.status()).isEqualTo(400);
        assertThat(poll.description()).isEqualTo("Bad Request: need administrator rights in the channel chat");
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(stranger.description()).isEqualTo("Bad Request: chat not found");
        assertThat(fx.history(c.owner(), c.chatId()).findValuesAsText("text")).containsExactly("owner's post");
    }

    @Test
    void onlyAnAppointerAddsABotWithAtLeastOneRightAndPeopleStillJoinThemselves() {
        Channel c = channel(false);
        BotFixture.User reader = fx.register("reader");
        BotFixture.User person = fx.register("person");
        BotFixture.Bot bot = fx.createBot(c.owner(), "wanted");
        String invite = fx.protocol(c.owner().token(), "chats.createInvite", Map.of("chatId", c.chatId()))
                .path("token").asText();
        fx.protocol(reader.token(), "channels.joinByInvite", Map.of("token", invite));

        RawClient.HttpReply byReader = setAdmin(reader, c.chatId(), bot.id(), rights("postMessages"));
        RawClient.HttpReply byStranger = setAdmin(person, c.chatId(), bot.id(), rights("postMessages"));
        RawClient.HttpReply noRights = setAdmin(c.owner(), c.chatId(), bot.id(), rights());
        RawClient.HttpReply aPerson = setAdmin(c.owner(), c.chatId(), person.id(), rights("postMessages"));
        BotFixture.Reply stillOutside = fx.api(bot, "getChat", Map.of("chat_id", c.chatId()));

        assertThat(byReader.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(byStranger.errorCode()).isEqualTo("CHAT_NOT_FOUND");
        assertThat(noRights.errorCode()).isEqualTo("BAD_REQUEST");
        assertThat(aPerson.errorCode()).isEqualTo("USER_NOT_MEMBER");
        assertThat(stillOutside.description()).isEqualTo("Bad Request: chat not found");
    }

    @Test
    void anAdminWhoMayAppointAddsABotWithRightsTheyHoldAndIsNamedAsWhoDidIt() {
        Channel c = channel(false);
        BotFixture.User admin = fx.register("appointer");
        BotFixture.Bot bot = fx.createBot(c.owner(), "appointed");
        String invite = fx.protocol(c.owner().token(), "chats.createInvite", Map.of("chatId", c.chatId()))
                .path("token").asText();
        fx.protocol(admin.token(), "channels.joinByInvite", Map.of("token", invite));
        setAdmin(c.owner(), c.chatId(), admin.id(), rights("addAdmins", "postMessages"));

        RawClient.HttpReply tooMuch = setAdmin(admin, c.chatId(), bot.id(), rights("postMessages", "banUsers"));
        RawClient.HttpReply granted = setAdmin(admin, c.chatId(), bot.id(), rights("postMessages"));
        JsonNode joined = next(bot, "my_chat_member");

        assertThat(tooMuch.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(granted.status()).isEqualTo(200);
        assertThat(joined.path("from").path("id").asLong()).isEqualTo(admin.id());
        assertThat(joined.path("new_chat_member").path("can_post_messages").asBoolean()).isTrue();
        assertThat(joined.path("new_chat_member").path("can_restrict_members").asBoolean()).isFalse();
    }

    @Test
    void demotionAndPromotionArriveAsMyChatMemberAndADemotedBotGetsNoPosts() {
        Channel c = channel(false);
        BotFixture.Bot bot = fx.createBot(c.owner(), "demoted");
        setAdmin(c.owner(), c.chatId(), bot.id(), rights("postMessages"));
        next(bot, "my_chat_member");

        setAdmin(c.owner(), c.chatId(), bot.id(), rights());
        JsonNode demoted = next(bot, "my_chat_member");
        long unseen = fx.send(c.owner(), c.chatId(), "unseen").path("id").asLong();
        // The queue renders with the bot's role when it reads the post: let it read it while demoted.
        Await.until(Duration.ofSeconds(20), "the bot's queue read past the post", () -> cursor(bot, c.chatId())
                >= unseen);
        setAdmin(c.owner(), c.chatId(), bot.id(), rights("postMessages", "deleteMessages"));
        JsonNode promoted = next(bot, "my_chat_member");
        fx.send(c.owner(), c.chatId(), "seen");
        JsonNode post = next(bot, "channel_post");

        assertThat(demoted.path("old_chat_member").path("status").asText()).isEqualTo("administrator");
        assertThat(demoted.path("new_chat_member").path("status").asText()).isEqualTo("member");
        assertThat(promoted.path("new_chat_member").path("status").asText()).isEqualTo("administrator");
        assertThat(promoted.path("new_chat_member").path("can_delete_messages").asBoolean()).isTrue();
        assertThat(post.path("text").asText()).isEqualTo("seen");
    }

    @Test
    void aBannedBotIsToldItWasKickedAndOneThatLeavesThatItLeft() {
        Channel c = channel(false);
        BotFixture.Bot banned = fx.createBot(c.owner(), "banned");
        BotFixture.Bot leaving = fx.createBot(c.owner(), "leaving");
        for (BotFixture.Bot bot : List.of(banned, leaving)) {
            setAdmin(c.owner(), c.chatId(), bot.id(), rights("postMessages"));
            next(bot, "my_chat_member");
        }

        fx.protocol(c.owner().token(), "chats.banMember", Map.of("chatId", c.chatId(), "userId", banned.id()));
        JsonNode kicked = next(banned, "my_chat_member");
        fx.ok(leaving, "leaveChat", Map.of("chat_id", c.chatId()));
        JsonNode left = next(leaving, "my_chat_member");

        assertThat(kicked.path("chat").path("id").asLong()).isEqualTo(c.chatId());
        assertThat(kicked.path("chat").path("type").asText()).isEqualTo("channel");
        assertThat(kicked.path("chat").path("title").asText()).isEqualTo("News");
        assertThat(kicked.path("from").path("id").asLong()).isEqualTo(c.owner().id());
        assertThat(kicked.path("old_chat_member").path("status").asText()).isEqualTo("administrator");
        assertThat(kicked.path("new_chat_member").path("status").asText()).isEqualTo("kicked");
        assertThat(left.path("from").path("id").asLong()).isEqualTo(leaving.id());
        assertThat(left.path("old_chat_member").path("status").asText()).isEqualTo("administrator");
        assertThat(left.path("new_chat_member").path("status").asText()).isEqualTo("left");
        assertThat(fx.api(banned, "sendMessage", Map.of("chat_id", c.chatId(), "text", "hi")).description())
                .isEqualTo("Bad Request: chat not found");
    }

    @Test
    void reactionCountsOfChannelPostsReachAdminBotsThatAskForThem() {
        Channel c = channel(false);
        BotFixture.User reader = fx.register("reactor");
        BotFixture.Bot bot = fx.createBot(c.owner(), "counter");
        String invite = fx.protocol(c.owner().token(), "chats.createInvite", Map.of("chatId", c.chatId()))
                .path("token").asText();
        fx.protocol(reader.token(), "channels.joinByInvite", Map.of("token", invite));
        setAdmin(c.owner(), c.chatId(), bot.id(), rights("postMessages"));
        next(bot, "my_chat_member");
        long post = fx.send(c.owner(), c.chatId(), "react here").path("id").asLong();
        next(bot, "channel_post");

        fx.protocol(reader.token(), "messages.sendReaction", Map.of("chatId", c.chatId(), "id", post,
                "reaction", "👍"));
        JsonNode counts = next(bot, "message_reaction_count", List.of("channel_post", "message_reaction_count"));

        assertThat(counts.path("chat").path("id").asLong()).isEqualTo(c.chatId());
        assertThat(counts.path("message_id").asLong()).isEqualTo(post);
        assertThat(counts.path("date").asLong()).isPositive();
        assertThat(counts.path("reactions").get(0).path("type").path("type").asText()).isEqualTo("emoji");
        assertThat(counts.path("reactions").get(0).path("type").path("emoji").asText()).isEqualTo("👍");
        assertThat(counts.path("reactions").get(0).path("total_count").asInt()).isEqualTo(1);
        assertThat(counts.has("user")).isFalse();
    }
}
