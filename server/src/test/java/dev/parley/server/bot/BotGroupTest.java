package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bots in groups: membership updates, privacy mode, and the chat methods mapped onto Parley's roles. */
class BotGroupTest {
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

    record Group(BotFixture.User owner, BotFixture.User member, BotFixture.Bot bot, long chatId) {}

    static Group group() {
        BotFixture.User owner = fx.register("owner");
        BotFixture.User member = fx.register("member");
        BotFixture.Bot bot = fx.createBot(owner, "grp");
        long chatId = fx.group(owner, "Team", List.of(member.id(), bot.id()));
        return new Group(owner, member, bot, chatId);
    }

    /** Polls until an update with a message of the given text arrives, collecting every message text on the way. */
    static List<String> textsUntil(BotFixture.Bot bot, String last) {
        List<String> texts = new ArrayList<>();
        long offset = 0;
        while (!texts.contains(last)) {
            for (JsonNode update : fx.awaitUpdates(bot, offset)) {
                offset = update.path("update_id").asLong() + 1;
                if (update.has("message")) {
                    texts.add(update.path("message").path("text").asText());
                }
            }
        }
        return texts;
    }

    @Test
    void beingAddedToAGroupIsAMyChatMemberUpdate() {
        Group g = group();

        JsonNode update = fx.awaitUpdates(g.bot(), 0).get(0).path("my_chat_member");

        assertThat(update.path("chat").path("id").asLong()).isEqualTo(g.chatId());
        assertThat(update.path("chat").path("type").asText()).isEqualTo("group");
        assertThat(update.path("chat").path("title").asText()).isEqualTo("Team");
        assertThat(update.path("from").path("id").asLong()).isEqualTo(g.owner().id());
        assertThat(update.path("old_chat_member").path("status").asText()).isEqualTo("left");
        assertThat(update.path("new_chat_member").path("status").asText()).isEqualTo("member");
        assertThat(update.path("new_chat_member").path("user").path("id").asLong()).isEqualTo(g.bot().id());
    }

    @Test
    void inPrivacyModeTheBotSeesOnlyCommandsMentionsAndRepliesToIt() {
        Group g = group();
        long botMessage = fx.ok(g.bot(), "sendMessage", Map.of("chat_id", g.chatId(), "text", "I am here"))
                .path("message_id").asLong();

        fx.send(g.member(), g.chatId(), "just chatting");
        fx.send(g.member(), g.chatId(), "/help");
        fx.send(g.member(), g.chatId(), "/help@some_other_bot");
        fx.send(g.member(), g.chatId(), "hey @" + g.bot().username() + " look");
        fx.send(g.member(), g.chatId(), "replying", botMessage);
        fx.send(g.member(), g.chatId(), "/done");

        assertThat(textsUntil(g.bot(), "/done")).containsExactly("/help", "hey @" + g.bot().username() + " look",
                "replying", "/done");
    }

    @Test
    void withPrivacyOffTheBotSeesEverything() {
        Group g = group();
        fx.protocol(g.owner().token(), "bots.setPrivacy", Map.of("botUserId", g.bot().id(), "enabled", false));

        fx.send(g.member(), g.chatId(), "just chatting");
        fx.send(g.member(), g.chatId(), "/done");

        assertThat(textsUntil(g.bot(), "/done")).containsExactly("just chatting", "/done");
    }

    @Test
    void chatInformationMethods() {
        Group g = group();

        JsonNode chat = fx.ok(g.bot(), "getChat", Map.of("chat_id", g.chatId()));
        int count = fx.ok(g.bot(), "getChatMemberCount", Map.of("chat_id", g.chatId())).asInt();
        JsonNode admins = fx.ok(g.bot(), "getChatAdministrators", Map.of("chat_id", g.chatId()));
        JsonNode member = fx.ok(g.bot(), "getChatMember", Map.of("chat_id", g.chatId(), "user_id", g.member().id()));
        JsonNode stranger = fx.ok(g.bot(), "getChatMember", Map.of("chat_id", g.chatId(),
                "user_id", fx.register("stranger").id()));
        BotFixture.Reply nobody = fx.api(g.bot(), "getChatMember", Map.of("chat_id", g.chatId(), "user_id", 12345));

        assertThat(chat.path("type").asText()).isEqualTo("group");
        assertThat(chat.path("title").asText()).isEqualTo("Team");
        assertThat(count).isEqualTo(3);
        assertThat(admins).hasSize(1);
        assertThat(admins.get(0).path("status").asText()).isEqualTo("creator");
        assertThat(admins.get(0).path("user").path("id").asLong()).isEqualTo(g.owner().id());
        assertThat(member.path("status").asText()).isEqualTo("member");
        assertThat(stranger.path("status").asText()).isEqualTo("left");
        assertThat(nobody.description()).isEqualTo("Bad Request: user not found");
    }

    @Test
    void banningNeedsAdminRightsAndRemovesTheMember() {
        Group g = group();

        BotFixture.Reply refused = fx.api(g.bot(), "banChatMember", Map.of("chat_id", g.chatId(),
                "user_id", g.member().id()));
        fx.protocol(g.owner().token(), "chats.setRole", Map.of("chatId", g.chatId(), "userId", g.bot().id(),
                "role", "admin"));
        fx.ok(g.bot(), "banChatMember", Map.of("chat_id", g.chatId(), "user_id", g.member().id()));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.description()).isEqualTo("Bad Request: not enough rights to restrict/unrestrict chat member");
        assertThat(fx.ok(g.bot(), "getChatMemberCount", Map.of("chat_id", g.chatId())).asInt()).isEqualTo(2);
        assertThat(fx.ok(g.bot(), "getChatMember", Map.of("chat_id", g.chatId(), "user_id", g.member().id()))
                .path("status").asText()).isEqualTo("left");
        assertThat(fx.ok(g.bot(), "unbanChatMember", Map.of("chat_id", g.chatId(), "user_id", g.member().id()))
                .asBoolean()).isTrue();
    }

    @Test
    void whatTheCoreCannotDoYetIsAClear400AndSupergroupOnlyMethodsSaySo() {
        Group g = group();
        long id = fx.ok(g.bot(), "sendMessage", Map.of("chat_id", g.chatId(), "text", "pin me")).path("message_id")
                .asLong();

        BotFixture.Reply restrict = fx.api(g.bot(), "restrictChatMember", Map.of("chat_id", g.chatId(),
                "user_id", g.member().id(), "permissions", Map.of("can_send_messages", false)));
        BotFixture.Reply pin = fx.api(g.bot(), "pinChatMessage", Map.of("chat_id", g.chatId(), "message_id", id));
        BotFixture.Reply invite = fx.api(g.bot(), "createChatInviteLink", Map.of("chat_id", g.chatId()));
        BotFixture.Reply edit = fx.api(g.bot(), "editChatInviteLink", Map.of("chat_id", g.chatId(),
                "invite_link", "x"));
        BotFixture.Reply photo = fx.api(g.bot(), "sendPhoto", Map.of("chat_id", g.chatId(), "photo", "x"));

        assertThat(restrict.description())
                .isEqualTo("Bad Request: method is available for supergroup and channel chats only");
        assertThat(pin.description())
                .isEqualTo("Bad Request: not enough rights to manage pinned messages in the chat");
        assertThat(invite.description())
                .isEqualTo("Bad Request: method is available for supergroup and channel chats only");
        assertThat(edit.description()).isEqualTo("Bad Request: editing invite links is not supported yet");
        assertThat(photo.status()).isEqualTo(400);
        assertThat(photo.description()).isEqualTo("Bad Request: sending media is not supported yet");
    }

    @Test
    void removingTheBotIsAMyChatMemberUpdateAndItCanNoLongerPost() {
        Group g = group();
        long offset = fx.awaitUpdates(g.bot(), 0).get(0).path("update_id").asLong() + 1;

        fx.protocol(g.owner().token(), "chats.removeMember", Map.of("chatId", g.chatId(), "userId", g.bot().id()));

        JsonNode update = fx.awaitUpdates(g.bot(), offset).get(0).path("my_chat_member");
        assertThat(update.path("new_chat_member").path("status").asText()).isEqualTo("kicked");
        assertThat(fx.api(g.bot(), "sendMessage", Map.of("chat_id", g.chatId(), "text", "still here?"))
                .description()).isEqualTo("Bad Request: chat not found");
    }
}
