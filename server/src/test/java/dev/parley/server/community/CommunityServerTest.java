package dev.parley.server.community;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.account.MutableClock;
import dev.parley.server.testing.Backend;
import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.Await;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Community tools through a real server: scheduled delivery across a real restart, and the methods' wire shapes. */
class CommunityServerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void aMessageDueWhileTheServerWasDownIsDeliveredOnceAfterTheRestart() {
        deliveredOnceAfterARestart(Backend.SQLITE);
    }

    @Test
    void onPostgresqlTooAMessageDueWhileTheServerWasDownIsDeliveredOnceAfterTheRestart() {
        deliveredOnceAfterARestart(Backend.POSTGRESQL);
    }

    private void deliveredOnceAfterARestart(Backend backend) {
        try (TestServer server = TestServer.start(backend, clock)) {
            RawClient client = server.client();
            Chatter owner = Chatter.register(client, "publisher");
            Chatter reader = Chatter.register(client, "reader");
            long chatId = owner.ok("channels.create", Map.of("title", "Daily", "username", "dailynews",
                    "kind", "channel")).path("chat").path("chatId").asLong();
            reader.ok("channels.join", Map.of("username", "dailynews"));
            long due = clock.instant().getEpochSecond() + 120;
            JsonNode scheduled = owner.ok("messages.send", Map.of("chatId", chatId, "text", "while you slept",
                    "randomId", 5, "scheduleDate", due)).path("scheduled");
            assertThat(scheduled.path("scheduleDate").asLong()).isEqualTo(due);
            assertThat(owner.ok("messages.getScheduled", Map.of("chatId", chatId)).path("messages")).hasSize(1);

            int port = server.port();
            server.stop();
            clock.advance(Duration.ofMinutes(10));
            server.startAgain(port);

            awaitUntil(() -> texts(reader, chatId).equals(List.of("while you slept")));
            assertThat(owner.ok("messages.getScheduled", Map.of("chatId", chatId)).path("messages")).isEmpty();
            Long waiting = server.database().read(h -> h.createQuery("SELECT COUNT(*) FROM scheduled_messages")
                    .mapTo(Long.class).one());
            assertThat(waiting).isZero();
            // Delivered exactly once: a second scheduler pass finds nothing, and the chat holds one message.
            assertThat(server.server().messaging().scheduled.deliverDue()).isZero();
            assertThat(texts(reader, chatId)).containsExactly("while you slept");
            client.close();
        }
    }

    @Test
    void theCommunityMethodsSpeakJsonOverHttp() {
        try (TestServer server = TestServer.start(clock)) {
            RawClient client = server.client();
            Chatter owner = Chatter.register(client, "founder");
            Chatter member = Chatter.register(client, "member");
            long group = owner.ok("channels.create", Map.of("title", "Club", "username", "theclub",
                    "kind", "supergroup")).path("chat").path("chatId").asLong();
            member.ok("channels.join", Map.of("username", "theclub"));

            JsonNode forum = owner.ok("channels.toggleForum", Map.of("chatId", group, "enabled", true));
            assertThat(forum.path("forum").asBoolean()).isTrue();
            long topic = member.ok("topics.create", Map.of("chatId", group, "title", "Hiking"))
                    .path("topicId").asLong();
            JsonNode sent = member.ok("messages.send", Map.of("chatId", group, "text", "trail?", "randomId", 1,
                    "topicId", topic));
            assertThat(sent.path("message").path("topicId").asLong()).isEqualTo(topic);
            assertThat(member.ok("messages.getHistory", Map.of("chatId", group, "topicId", topic))
                    .path("messages")).hasSize(1);
            assertThat(member.error("messages.send", Map.of("chatId", group, "text", "x", "randomId", 2,
                    "topicId", 999))).isEqualTo("TOPIC_NOT_FOUND");
            assertThat(member.error("messages.send", Map.of("chatId", group, "text", "x", "randomId", 3,
                    "scheduleDate", 1))).isEqualTo("SCHEDULE_DATE_INVALID");

            long start = clock.instant().getEpochSecond() + 86_400;
            long eventId = owner.ok("events.create", Map.of("chatId", group, "title", "Meetup", "startDate", start))
                    .path("eventId").asLong();
            assertThat(member.ok("events.rsvp", Map.of("eventId", eventId, "answer", "going")).path("going").asInt())
                    .isEqualTo(1);
            assertThat(member.ok("events.list", Map.of("chatId", group)).path("events")).hasSize(1);

            long reportId = member.ok("messages.report", Map.of("chatId", group, "ids", List.of(sent.path("message")
                    .path("id").asLong()), "reason", "spam")).path("reportId").asLong();
            assertThat(owner.ok("chats.getReports", Map.of("chatId", group)).path("reports").get(0)
                    .path("reportId").asLong()).isEqualTo(reportId);
            assertThat(member.error("chats.getReports", Map.of("chatId", group))).isEqualTo("FORBIDDEN");
            assertThat(member.error("operator.getReports", Map.of())).isEqualTo("FORBIDDEN");
            client.close();
        }
    }

    @Test
    void anOnlineDiscussionGroupMemberReceivesTheMirrorOfANewPostAndAnEventReminderLive() {
        try (TestServer server = TestServer.start(clock)) {
            RawClient client = server.client();
            Chatter owner = Chatter.register(client, "publisher");
            Chatter commenter = Chatter.register(client, "commenter");
            long channel = owner.ok("channels.create", Map.of("title", "News", "username", "thenews",
                    "kind", "channel")).path("chat").path("chatId").asLong();
            long group = owner.ok("channels.create", Map.of("title", "Talk", "username", "thetalk",
                    "kind", "supergroup")).path("chat").path("chatId").asLong();
            owner.ok("channels.setDiscussionGroup", Map.of("channelId", channel, "groupId", group));
            commenter.ok("channels.join", Map.of("username", "thetalk"));
            RawClient.Socket socket = commenter.connect();

            long postId = owner.ok("messages.send", Map.of("chatId", channel, "text", "big news", "randomId", 1))
                    .path("message").path("id").asLong();

            JsonNode frame = socket.awaitFrame();
            assertThat(frame.path("chatId").asLong()).isEqualTo(group);
            JsonNode mirror = frame.path("updates").get(0).path("message");
            assertThat(mirror.path("text").asText()).isEqualTo("big news");
            assertThat(mirror.path("forward").path("fromChatId").asLong()).isEqualTo(channel);
            assertThat(mirror.path("forward").path("fromMessageId").asLong()).isEqualTo(postId);
            commenter.ok("messages.send", Map.of("chatId", group, "text", "wow", "randomId", 2,
                    "replyToId", mirror.path("id").asLong()));
            assertThat(commenter.ok("messages.getCommentCounts", Map.of("chatId", channel, "ids", List.of(postId)))
                    .path("counts").get(0).path("count").asInt()).isEqualTo(1);
            socket.awaitFrame();

            long start = clock.instant().getEpochSecond() + 3600;
            long eventId = owner.ok("events.create", Map.of("chatId", group, "title", "AMA", "startDate", start,
                    "remindBefore", 600)).path("eventId").asLong();
            commenter.ok("events.rsvp", Map.of("eventId", eventId, "answer", "going"));
            clock.advance(Duration.ofMinutes(51));

            JsonNode reminder = socket.awaitFrame().path("updates").get(0);
            assertThat(reminder.path("type").asText()).isEqualTo("eventReminder");
            assertThat(reminder.path("eventId").asLong()).isEqualTo(eventId);
            socket.close();
            client.close();
        }
    }

    @Test
    void theServerHostGrantsAndRevokesOperatorsWithTheOperatorCommand() {
        try (TestServer server = TestServer.start(clock)) {
            RawClient client = server.client();
            Chatter alice = Chatter.register(client, "alice_op");
            assertThat(alice.error("operator.getReports", Map.of())).isEqualTo("FORBIDDEN");

            assertThat(operatorCommand(server, "add", "alice_op")).contains("is now an operator");
            assertThat(alice.ok("operator.getReports", Map.of()).path("reports")).isEmpty();
            assertThat(operatorCommand(server, "list")).contains("alice_op");
            assertThat(operatorCommand(server, "remove", "alice_op")).contains("no longer");
            assertThat(alice.error("operator.getReports", Map.of())).isEqualTo("FORBIDDEN");
            client.close();
        }
    }

    private static String operatorCommand(TestServer server, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        List<String> all = new java.util.ArrayList<>(List.of("operator"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data-dir", server.dataDir().toString()));
        int code = new picocli.CommandLine(new dev.parley.server.Main()).setOut(new java.io.PrintWriter(out))
                .execute(all.toArray(String[]::new));
        assertThat(code).isZero();
        return out.toString();
    }

    private static List<String> texts(Chatter reader, long chatId) {
        return java.util.stream.StreamSupport.stream(reader.ok("messages.getHistory", Map.of("chatId", chatId))
                .path("messages").spliterator(), false).map(m -> m.path("text").asText()).toList();
    }

    /** Waits (bounded) for what the server's scheduler does on its own thread. */
    private static void awaitUntil(BooleanSupplier condition) {
        Await.until(RawClient.TIMEOUT, "the scheduler's work", condition);
    }
}
