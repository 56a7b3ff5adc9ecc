package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * banChatMember, unbanChatMember, restrictChatMember, promoteChatMember, setChatPermissions and the invite-link
 * methods on the core's supergroup moderation: a bot acts with exactly the admin rights the owner gave it, and a bot
 * without them (or outside the chat) changes nothing.
 */
class BotModerationTest {
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

    /** A supergroup owned by a person, with a moderator bot (rights as given), a bystander bot and two members. */
    record Club(BotFixture.User owner, BotFixture.Bot moderator, BotFixture.Bot bystander, BotFixture.User x,
            BotFixture.User y, long chatId) {}

    private static Club club(Map<String, Boolean> rights) {
        BotFixture.User owner = fx.register("owner");
        BotFixture.Bot moderator = fx.createBot(owner, "mod");
        BotFixture.Bot bystander = fx.createBot(owner, "bystander");
        BotFixture.User x = fx.register("member_x");
        BotFixture.User y = fx.register("member_y");
        long chatId = fx.group(owner, "club", List.of(moderator.id(), bystander.id(), x.id(), y.id()));
        fx.protocol(owner.token(), "chats.convertToSupergroup", Map.of("chatId", chatId));
        fx.protocol(owner.token(), "chats.setAdmin", Map.of("chatId", chatId, "userId", moderator.id(),
                "rights", rights));
        return new Club(owner, moderator, bystander, x, y, chatId);
    }

    private static final Map<String, Boolean> MODERATOR = Map.of("banUsers", true, "inviteUsers", true);

    private static String joinError(BotFixture.User user, String link) {
        return fx.protocolRaw(user.token(), "channels.joinByInvite", Map.of("token", link)).errorCode();
    }

    private static JsonNode join(BotFixture.User user, String link) {
        return fx.protocol(user.token(), "channels.joinByInvite", Map.of("token", link));
    }

    private static String sendError(BotFixture.User user, long chatId) {
        return fx.protocolRaw(user.token(), "messages.send", Map.of("chatId", chatId, "text", "hi",
                "randomId", (long) (Math.random() * 1e15) + 1)).errorCode();
    }

    @Test
    void aBannedMemberIsRemovedAndCannotRejoinUntilTheBotUnbansThem() {
        Club c = club(MODERATOR);
        String link = fx.ok(c.moderator(), "createChatInviteLink", Map.of("chat_id", c.chatId()))
                .path("invite_link").asText();

        assertThat(fx.ok(c.moderator(), "banChatMember", Map.of("chat_id", c.chatId(), "user_id", c.x().id()))
                .asBoolean()).isTrue();

        assertThat(fx.ok(c.moderator(), "getChatMemberCount", Map.of("chat_id", c.chatId())).asInt()).isEqualTo(4);
        assertThat(fx.ok(c.moderator(), "getChatMember", Map.of("chat_id", c.chatId(), "user_id", c.x().id()))
                .path("status").asText()).isEqualTo("left");
        assertThat(joinError(c.x(), link)).isEqualTo("USER_BANNED");

        fx.ok(c.moderator(), "unbanChatMember", Map.of("chat_id", c.chatId(), "user_id", c.x().id()));
        assertThat(join(c.x(), link).path("status").asText()).isEqualTo("joined");
        // Unbanning someone who is a member removes them (Telegram's kick), unless only_if_banned.
        fx.ok(c.moderator(), "unbanChatMember", Map.of("chat_id", c.chatId(), "user_id", c.x().id(),
                "only_if_banned", true));
        assertThat(fx.ok(c.moderator(), "getChatMemberCount", Map.of("chat_id", c.chatId())).asInt()).isEqualTo(5);
        fx.ok(c.moderator(), "unbanChatMember", Map.of("chat_id", c.chatId(), "user_id", c.x().id()));
        assertThat(fx.ok(c.moderator(), "getChatMemberCount", Map.of("chat_id", c.chatId())).asInt()).isEqualTo(4);
        assertThat(join(c.x(), link).path("status").asText()).isEqualTo("joined");
    }

    @Test
    void restrictingAMemberAndTheChatDefaultStopsAndAllowsPosting() {
        Club c = club(MODERATOR);

        fx.ok(c.moderator(), "restrictChatMember", Map.of("chat_id", c.chatId(), "user_id", c.y().id(),
                "permissions", Map.of("can_send_messages", false)));
        assertThat(sendError(c.y(), c.chatId())).isEqualTo("FORBIDDEN");
        fx.ok(c.moderator(), "restrictChatMember", Map.of("chat_id", c.chatId(), "user_id", c.y().id(),
                "permissions", "{\"can_send_messages\":true,\"can_invite_users\":true}"));
        assertThat(sendError(c.y(), c.chatId())).isNull();

        fx.ok(c.moderator(), "setChatPermissions", Map.of("chat_id", c.chatId(),
                "permissions", Map.of("can_send_messages", false)));
        assertThat(sendError(c.x(), c.chatId())).isEqualTo("FORBIDDEN");
        BotFixture.Reply bystander = fx.api(c.bystander(), "sendMessage", Map.of("chat_id", c.chatId(), "text", "hi"));
        assertThat(bystander.status()).isEqualTo(400);
        assertThat(bystander.description()).isEqualTo("Bad Request: not enough rights to send text messages to the "
                + "chat");
    }

    @Test
    void aBotWithThePromoteRightAppointsAdminsWithRightsItHolds() {
        Club c = club(Map.of("banUsers", true, "addAdmins", true));

        fx.ok(c.moderator(), "promoteChatMember", Map.of("chat_id", c.chatId(), "user_id", c.x().id(),
                "can_restrict_members", true));
        BotFixture.Reply tooMuch = fx.api(c.moderator(), "promoteChatMember", Map.of("chat_id", c.chatId(),
                "user_id", c.y().id(), "can_change_info", true));

        assertThat(fx.ok(c.moderator(), "getChatAdministrators", Map.of("chat_id", c.chatId())))
                .extracting(m -> m.path("user").path("id").asLong())
                .containsExactlyInAnyOrder(c.owner().id(), c.moderator().id(), c.x().id());
        assertThat(tooMuch.description()).isEqualTo("Bad Request: not enough rights to promote chat member");
        JsonNode promoted = fx.ok(c.moderator(), "getChatMember", Map.of("chat_id", c.chatId(), "user_id",
                c.x().id()));
        assertThat(promoted.path("status").asText()).isEqualTo("administrator");
        assertThat(promoted.path("can_restrict_members").asBoolean()).isTrue();
        assertThat(promoted.path("can_promote_members").asBoolean()).isFalse();
        assertThat(promoted.path("can_change_info").asBoolean()).isFalse();
    }

    @Test
    void inviteLinksHonourTheirLimitRevocationAndJoinRequests() {
        Club c = club(MODERATOR);
        BotFixture.User first = fx.register("joiner");
        BotFixture.User second = fx.register("joiner");
        BotFixture.User asker = fx.register("asker");

        JsonNode once = fx.ok(c.moderator(), "createChatInviteLink", Map.of("chat_id", c.chatId(),
                "member_limit", 1, "name", "for one"));
        assertThat(once.path("member_limit").asInt()).isEqualTo(1);
        assertThat(once.path("creator").path("id").asLong()).isEqualTo(c.moderator().id());
        assertThat(join(first, once.path("invite_link").asText()).path("status").asText()).isEqualTo("joined");
        assertThat(joinError(second, once.path("invite_link").asText())).isEqualTo("INVITE_INVALID");

        String exported = fx.ok(c.moderator(), "exportChatInviteLink", Map.of("chat_id", c.chatId())).asText();
        JsonNode revoked = fx.ok(c.moderator(), "revokeChatInviteLink", Map.of("chat_id", c.chatId(),
                "invite_link", "https://example.invalid/+" + exported));
        assertThat(revoked.path("is_revoked").asBoolean()).isTrue();
        assertThat(joinError(second, exported)).isEqualTo("INVITE_INVALID");

        String ask = fx.ok(c.moderator(), "createChatInviteLink", Map.of("chat_id", c.chatId(),
                "creates_join_request", true)).path("invite_link").asText();
        assertThat(join(asker, ask).path("status").asText()).isEqualTo("requested");
        fx.ok(c.moderator(), "approveChatJoinRequest", Map.of("chat_id", c.chatId(), "user_id", asker.id()));
        assertThat(fx.ok(c.moderator(), "getChatMember", Map.of("chat_id", c.chatId(), "user_id", asker.id()))
                .path("status").asText()).isEqualTo("member");
        assertThat(fx.api(c.moderator(), "declineChatJoinRequest", Map.of("chat_id", c.chatId(),
                "user_id", second.id())).description()).isEqualTo("Bad Request: HIDE_REQUESTER_MISSING");
    }

    @Test
    void aBotWithoutRightsOrOutsideTheChatCannotModerateIt() {
        Club c = club(MODERATOR);
        BotFixture.Bot outsider = fx.createBot(fx.register("other"), "outsider");
        Map<String, Object> onX = Map.of("chat_id", c.chatId(), "user_id", c.x().id());
        Map<String, Object> restrictX = Map.of("chat_id", c.chatId(), "user_id", c.x().id(),
                "permissions", Map.of("can_send_messages", false));

        for (String method : List.of("banChatMember", "unbanChatMember", "promoteChatMember")) {
            assertThat(fx.api(c.bystander(), method, onX).description()).as(method)
                    .startsWith("Bad Request: not enough rights");
            assertThat(fx.api(outsider, method, onX).description()).as(method)
                    .isEqualTo("Bad Request: chat not found");
        }
        assertThat(fx.api(c.bystander(), "restrictChatMember", restrictX).description())
                .isEqualTo("Bad Request: not enough rights to restrict/unrestrict chat member");
        assertThat(fx.api(outsider, "restrictChatMember", restrictX).description())
                .isEqualTo("Bad Request: chat not found");
        assertThat(fx.api(c.bystander(), "createChatInviteLink", Map.of("chat_id", c.chatId())).description())
                .isEqualTo("Bad Request: not enough rights to manage chat invite link");
        assertThat(fx.api(outsider, "createChatInviteLink", Map.of("chat_id", c.chatId())).description())
                .isEqualTo("Bad Request: chat not found");
        // Even the moderator cannot act on the owner, nor on itself.
        assertThat(fx.api(c.moderator(), "banChatMember", Map.of("chat_id", c.chatId(), "user_id",
                c.owner().id())).description()).isEqualTo("Bad Request: not enough rights to restrict/unrestrict chat "
                + "member");
        assertThat(fx.api(c.moderator(), "banChatMember", Map.of("chat_id", c.chatId(), "user_id",
                c.moderator().id())).description()).isEqualTo("Bad Request: can't restrict self");
        assertThat(fx.ok(c.moderator(), "getChatMemberCount", Map.of("chat_id", c.chatId())).asInt()).isEqualTo(5);
    }

    @Test
    void smallGroupsAnswerThatRestrictionsAndLinksNeedASupergroup() {
        BotFixture.User owner = fx.register("owner");
        BotFixture.Bot bot = fx.createBot(owner, "small");
        BotFixture.User x = fx.register("member_x");
        long group = fx.group(owner, "small", List.of(bot.id(), x.id()));
        fx.protocol(owner.token(), "chats.setRole", Map.of("chatId", group, "userId", bot.id(), "role", "admin"));

        for (String method : List.of("restrictChatMember", "setChatPermissions", "createChatInviteLink")) {
            BotFixture.Reply reply = fx.api(bot, method, Map.of("chat_id", group, "user_id", x.id(),
                    "permissions", Map.of("can_send_messages", false)));
            assertThat(reply.description()).as(method)
                    .isEqualTo("Bad Request: method is available for supergroup and channel chats only");
        }
        fx.ok(bot, "banChatMember", Map.of("chat_id", group, "user_id", x.id()));
        assertThat(fx.ok(bot, "getChatMemberCount", Map.of("chat_id", group)).asInt()).isEqualTo(2);
        assertThat(fx.ok(bot, "getChat", Map.of("chat_id", group)).path("type").asText()).isEqualTo("group");
    }
}
