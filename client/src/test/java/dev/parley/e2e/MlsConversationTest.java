package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.crypto.mls.MlsException;
import dev.parley.server.testing.Chatter;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real MLS conversation (the {@code crypto} module on every device) through a real server, which acts only as the
 * delivery service: three members, messages every way, concurrent commits, a removal, an offline member catching up
 * through several epochs, and a final look at the raw database files for any plaintext.
 */
class MlsConversationTest {
    @RegisterExtension
    final TestServer server = TestServer.create();

    private final List<String> plaintexts = new ArrayList<>();

    /** A plaintext unique to this run, remembered for the final scan. */
    private String say(String who, String what) {
        String text = "secret " + what + " from " + who + " " + UUID.randomUUID();
        plaintexts.add(text);
        return text;
    }

    @Test
    void threeMembersTalkThroughTheServerAndItNeverHoldsAPlaintext() throws Exception {
        try (RawClient client = server.client()) {
            Chatter aliceSession = Chatter.register(client, "alice");
            MlsDevice alice = new MlsDevice(aliceSession, 2);
            MlsDevice bob = new MlsDevice(Chatter.register(client, "bobby"), 2);
            MlsDevice carol = new MlsDevice(Chatter.register(client, "carol"), 2);

            // Alice creates the encrypted group and adds Bob and Carol with one commit and one Welcome.
            long chat = aliceSession.ok("chats.createGroup", Map.of("title", "plans", "e2e", true)).path("chat")
                    .path("chatId").asLong();
            alice.createGroup(aliceSession.ok("e2e.getGroup", Map.of("chatId", chat)).path("groupId").asText());
            JsonNode added = alice.add(chat, List.of(bob.userId(), carol.userId()), true);
            assertThat(added.path("epoch").asLong()).isEqualTo(1);
            bob.sync();
            carol.sync();
            assertThat(bob.epochAuthenticator()).isEqualTo(alice.epochAuthenticator())
                    .isEqualTo(carol.epochAuthenticator());

            // Messages every way.
            String hello = say("alice", "hello");
            long m1 = alice.send(chat, hello);
            bob.sync();
            carol.sync();
            assertThat(bob.received).containsEntry(m1, hello);
            assertThat(carol.received).containsEntry(m1, hello);
            String reply = say("bob", "reply");
            long m2 = bob.send(chat, reply);
            alice.sync();
            carol.sync();
            assertThat(alice.received).containsEntry(m2, reply);
            assertThat(carol.received).containsEntry(m2, reply);

            // Carol goes offline. Bob and Alice commit for the same epoch: Bob's arrives first and wins, Alice's is
            // stale; she handles Bob's commit and redoes hers.
            assertThat(bob.selfUpdate(chat)).isEqualTo("OK");
            assertThat(alice.selfUpdate(chat)).isEqualTo("STALE_EPOCH");
            alice.sync();
            assertThat(alice.selfUpdate(chat)).isEqualTo("OK");
            bob.sync();
            assertThat(alice.epochAuthenticator()).as("no fork").isEqualTo(bob.epochAuthenticator());
            String plan = say("alice", "plan");
            long m3 = alice.send(chat, plan);
            bob.sync();
            assertThat(bob.received).containsEntry(m3, plan);

            // Alice removes Bob; he learns it from the commit and cannot read what follows.
            alice.remove(chat, List.of(bob.userId()));
            String afterBob = say("alice", "after bob left");
            long m4 = alice.send(chat, afterBob);
            bob.sync();
            assertThat(bob.removed).isTrue();
            assertThat(bob.received).doesNotContainKey(m4);
            assertThat(bob.session.error("messages.getHistory", Map.of("chatId", chat))).isEqualTo("CHAT_NOT_FOUND");
            byte[] stolen = Base64.getDecoder().decode(ciphertextOf(aliceSession, chat, m4));
            assertThatThrownBy(() -> MlsDevice.ENGINE.unprotect(bob.stateBeforeRemoval, stolen))
                    .isInstanceOf(MlsException.class);

            // Carol comes back after three epochs (Bob's update, Alice's update, Bob's removal) and catches up.
            carol.sync();
            assertThat(carol.received).containsEntry(m3, plan).containsEntry(m4, afterBob);
            assertThat(carol.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());
            assertThat(aliceSession.ok("e2e.getGroup", Map.of("chatId", chat)).path("epoch").asLong()).isEqualTo(4);
            String back = say("carol", "back");
            long m5 = carol.send(chat, back);
            alice.sync();
            assertThat(alice.received).containsEntry(m5, back);

            assertDatabaseHoldsNoPlaintext(ciphertextOf(aliceSession, chat, m5));
        }
    }

    private static String ciphertextOf(Chatter member, long chat, long messageId) {
        for (JsonNode message : member.ok("messages.getHistory", Map.of("chatId", chat)).path("messages")) {
            if (message.path("id").asLong() == messageId) {
                return message.path("ciphertext").asText();
            }
        }
        throw new AssertionError("message " + messageId + " not in the history");
    }

    /**
     * Every column of every table, and the raw bytes of the database file and its write-ahead log, contain none of
     * the plaintexts; the same scan does find a stored ciphertext, so it really looks at the stored data.
     */
    private void assertDatabaseHoldsNoPlaintext(String storedCiphertext) throws IOException {
        Path file = server.config().sqliteFile();
        String raw = fileText(file) + fileText(file.resolveSibling(file.getFileName() + "-wal"));
        assertThat(raw).contains(storedCiphertext.substring(0, 40));
        for (String plaintext : plaintexts) {
            assertThat(raw).doesNotContain(plaintext);
            assertThat(raw).doesNotContain(plaintext.substring(plaintext.length() - 36)); // its unique part
            assertThat(rowsContaining(plaintext.substring(plaintext.length() - 36))).isEmpty();
        }
        assertThat(rowsContaining(storedCiphertext.substring(0, 40))).contains("messages");
    }

    private List<String> rowsContaining(String needle) {
        return server.database().read(h -> {
            List<String> hits = new ArrayList<>();
            List<String> tables = h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite_%'").mapTo(String.class).list();
            for (String table : tables) {
                for (String column : h.createQuery("SELECT name FROM pragma_table_info(:t)").bind("t", table)
                        .mapTo(String.class).list()) {
                    long n = h.createQuery("SELECT COUNT(*) FROM \"" + table + "\" WHERE instr(CAST(\"" + column
                            + "\" AS TEXT), :needle) > 0").bind("needle", needle).mapTo(Long.class).one();
                    if (n > 0) {
                        hits.add(table);
                    }
                }
            }
            return hits;
        });
    }

    private static String fileText(Path file) throws IOException {
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
    }
}
