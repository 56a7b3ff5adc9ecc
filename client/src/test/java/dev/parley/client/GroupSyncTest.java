package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.message.Message;
import dev.parley.protocol.sync.Update;
import dev.parley.server.config.Config;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DESIGN §5 under load: many concurrent senders into one group, every member's SDK sees one identical order. */
class GroupSyncTest {
    private static final int MEMBERS = 25;
    private static final int SENDERS = 20;
    private static final int MESSAGES_PER_SENDER = 200;

    @RegisterExtension
    static final TestServer server = TestServer.create(config -> config.withGateway(
            new Config.Gateway(1_000_000, 1_000_000, 64, 30, 15)));

    private final List<Person> people = new ArrayList<>();

    @AfterEach
    void closeAll() {
        people.forEach(Person::close);
    }

    @Test
    void twentyConcurrentSendersIntoAGroupOfTwentyFiveGiveEveryMemberTheSameGapFreeOrder() throws Exception {
        for (int i = 0; i < MEMBERS; i++) {
            people.add(Person.register(server.httpUri(), "m" + i));
        }
        List<Person.Recorder> streams = new ArrayList<>();
        long[] startPts = new long[MEMBERS];
        for (int i = 0; i < MEMBERS; i++) {
            Person.Recorder recorder = new Person.Recorder();
            startPts[i] = people.get(i).client().startSync(SyncStateStore.inMemory(), recorder);
            streams.add(recorder);
        }
        long chatId = people.getFirst().client().chats().createGroup("load",
                people.stream().skip(1).map(Person::userId).toList()).chat().chatId();

        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                ParleyClient sender = people.get(s).client();
                int number = s;
                senders.add(pool.submit(() -> {
                    for (int m = 0; m < MESSAGES_PER_SENDER; m++) {
                        sender.sendMessage(chatId, "s" + number + "-" + m);
                    }
                    return null;
                }));
            }
            for (Future<?> sender : senders) {
                sender.get();
            }
        }
        int total = SENDERS * MESSAGES_PER_SENDER;
        SdkMessagingTest.await("every member's " + total + " messages", Duration.ofSeconds(60),
                () -> streams.stream().allMatch(r -> r.newMessages().size() >= total));

        List<Long> reference = ids(streams.getFirst());
        assertThat(reference).hasSize(total).doesNotHaveDuplicates().isSorted();
        assertThat(new HashSet<>(texts(streams.getFirst()))).hasSize(total);
        for (int i = 0; i < MEMBERS; i++) {
            Person.Recorder stream = streams.get(i);
            assertThat(ids(stream)).as("member %d's order", i).isEqualTo(reference);
            // Gap-free and duplicate-free: the member's whole log, created event first, then every message.
            assertThat(stream.updates).extracting(Update::ptsOf).as("member %d's pts", i)
                    .containsExactlyElementsOf(java.util.stream.LongStream
                            .rangeClosed(startPts[i] + 1, startPts[i] + 1 + total).boxed().toList());
        }
        for (int i : new int[] {0, MEMBERS / 2, MEMBERS - 1}) {
            assertThat(history(people.get(i).client(), chatId)).as("member %d's history", i).isEqualTo(reference);
        }
    }

    private static List<Long> ids(Person.Recorder recorder) {
        return recorder.newMessages().stream().map(u -> u.message().id()).toList();
    }

    private static List<String> texts(Person.Recorder recorder) {
        return recorder.newMessages().stream().map(u -> u.message().text()).toList();
    }

    /** The whole history, oldest first, page by page. */
    private static List<Long> history(ParleyClient client, long chatId) {
        List<Long> ids = new ArrayList<>();
        Long offset = null;
        while (true) {
            List<Message> page = client.messages().getHistoryNewer(chatId, offset, 100);
            if (page.isEmpty()) {
                return ids;
            }
            page.forEach(m -> ids.add(m.id()));
            offset = page.getLast().id();
        }
    }
}
