package dev.parley.server.community;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.channel.EventMethods.Create;
import dev.parley.protocol.message.MessageMethods.Send;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Account erasure also removes the account's scheduled messages, events, answers, reports and operator grant. */
class CommunityErasureTest extends CommunitySpec {

    @Test
    void erasingAnAccountLeavesNoneOfItsCommunityRows() {
        long chat = supergroup("theclub");
        long gone = member("leaving", "theclub");
        m.topics.toggleForum(owner, chat, true);
        m.topics.create(gone, chat, "My topic");
        m.scheduled.schedule(gone, new Send(chat, "later", 9L, null, null, null, now() + 60, null));
        long event = m.events.create(gone, new Create(chat, "My party", now() + 3600, null, null)).eventId();
        m.events.rsvp(gone, event, "going");
        long ownersEvent = m.events.create(owner, new Create(chat, "Owner's", now() + 3600, null, null)).eventId();
        m.events.rsvp(gone, ownersEvent, "maybe");
        m.reports.report(gone, chat, List.of(post(owner, chat, "hm").id()), "other", null);
        m.reports.grantOperator(gone);

        m.database.write(h -> m.erasure.eraseAccount(h, gone));

        for (String table : List.of("scheduled_messages WHERE sender_id = ?", "chat_meetups WHERE creator_id = ?",
                "chat_meetup_answers WHERE user_id = ?", "chat_reports WHERE reporter_id = ?",
                "server_operators WHERE user_id = ?", "chat_topics WHERE creator_id = ?")) {
            assertThat(m.count("SELECT COUNT(*) FROM " + table, gone)).as(table).isZero();
        }
        assertThat(m.events.list(owner, chat, false).events()).singleElement()
                .satisfies(e -> assertThat(e.maybe()).isZero());
        assertThat(m.topics.list(owner, chat).topics()).hasSize(2);
    }
}
