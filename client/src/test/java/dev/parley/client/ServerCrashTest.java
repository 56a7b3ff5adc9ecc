package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Sent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN §5's durability promise under a real crash: the server process is killed with SIGKILL mid-load. */
class ServerCrashTest {
    private static final int SENDERS = 4;
    /** Short, so senders notice the dead server within a few seconds (three attempts each). */
    private static final ParleyClient.Options IMPATIENT = Person.OPTIONS.withRequestTimeout(Duration.ofSeconds(1));

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** One message a sender tried to send: its randomId is what makes a resend safe. */
    record Attempt(int sender, long randomId, String text) {}

    @Test
    void afterAKillDuringASendLoadEveryAcknowledgedMessageIsPresentAndResendingTheRestMakesNoDuplicates()
            throws Exception {
        ServerProcess first = open(ServerProcess.start(dataDir));
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            people.add(open(Person.register(first.uri(), "crash")));
        }
        long chatId = people.getFirst().client().chats().createGroup("crash",
                people.stream().skip(1).map(Person::userId).toList()).chat().chatId();
        people.forEach(Person::close);

        Map<Long, Attempt> attempted = new ConcurrentHashMap<>();
        Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                ParleyClient device = open(ParleyClient.connect(first.uri(), IMPATIENT));
                device.hello(people.get(s).token());
                senders.add(pool.submit(() -> {
                    for (int i = 0; ; i++) {
                        Attempt attempt = new Attempt(sender, Messages.newRandomId(), "s" + sender + "-" + i);
                        attempted.put(attempt.randomId(), attempt);
                        try {
                            Sent sent = device.messages().send(chatId, attempt.text(), attempt.randomId(), null, null);
                            acknowledged.put(attempt.randomId(), sent.message().id());
                        } catch (ParleyException lost) {
                            return lost.code();
                        }
                    }
                }));
            }
            SdkMessagingTest.await("200 acknowledged sends", Duration.ofSeconds(60), () -> acknowledged.size() >= 200);
            first.kill();
            for (Future<?> sender : senders) {
                assertThat(sender.get()).as("how a sender noticed the crash").isNotNull();
            }
        }

        ServerProcess second = open(ServerProcess.start(dataDir));
        List<ParleyClient> clients = people.stream().map(p -> open(device(second.uri(), p.token()))).toList();
        Map<String, List<Long>> byText = history(clients.getFirst(), chatId);
        for (var ack : acknowledged.entrySet()) {
            String text = attempted.get(ack.getKey()).text();
            assertThat(byText.get(text)).as("acknowledged %s", text).containsExactly(ack.getValue());
        }
        List<Attempt> unacknowledged = attempted.values().stream()
                .filter(a -> !acknowledged.containsKey(a.randomId())).toList();
        // Each sender had exactly one send in flight when the server died.
        assertThat(unacknowledged).hasSize(SENDERS);

        for (Attempt attempt : unacknowledged) {
            clients.get(attempt.sender()).messages().send(chatId, attempt.text(), attempt.randomId(), null, null);
            clients.get(attempt.sender()).messages().send(chatId, attempt.text(), attempt.randomId(), null, null);
        }

        Map<String, List<Long>> after = history(clients.getFirst(), chatId);
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(
                attempted.values().stream().map(Attempt::text).toList());
        assertThat(after.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    }

    private static ParleyClient device(URI server, String token) {
        ParleyClient client = ParleyClient.connect(server, Person.OPTIONS);
        client.hello(token);
        return client;
    }

    /** The chat's whole history: message ids by text. */
    private static Map<String, List<Long>> history(ParleyClient client, long chatId) {
        List<Message> all = new ArrayList<>();
        Long offset = null;
        while (true) {
            List<Message> page = client.messages().getHistoryNewer(chatId, offset, 100);
            if (page.isEmpty()) {
                break;
            }
            all.addAll(page);
            offset = page.getLast().id();
        }
        return all.stream().collect(Collectors.groupingBy(Message::text,
                Collectors.mapping(Message::id, Collectors.toList())));
    }
}
