package dev.parley.server.community;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.channel.ReportMethods.ChatReport;
import dev.parley.protocol.message.Message;
import dev.parley.server.chat.Rights;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reports: filing, the chat queue and its rights, the operators' queue, deciding once. */
class ReportRulesTest extends CommunitySpec {

    private long report(long user, long chatId, Message message) {
        return m.reports.report(user, chatId, List.of(message.id()), "spam", "buy now").reportId();
    }

    @Test
    void aReportReachesTheChatsModeratorsAndTheServerOperators() {
        long chat = supergroup("theclub");
        long spammer = member("spammer", "theclub");
        long reporter = member("reporter", "theclub");
        long deleter = member("deleter", "theclub");
        long banner = member("banner", "theclub");
        long pinner = member("pinner", "theclub");
        long operator = m.user("operator");
        admin(chat, deleter, Rights.DELETE_MESSAGES);
        admin(chat, banner, Rights.BAN_USERS);
        admin(chat, pinner, Rights.PIN_MESSAGES);
        long reportId = report(reporter, chat, post(spammer, chat, "cheap pills"));

        for (long moderator : List.of(owner, deleter, banner)) {
            assertThat(m.reports.chatReports(moderator, chat, "open", 50).reports())
                    .extracting(ChatReport::reportId, ChatReport::reason, ChatReport::reporterId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(reportId, "spam", reporter));
        }
        fails(ErrorCode.FORBIDDEN, () -> m.reports.chatReports(pinner, chat, "open", 50));
        fails(ErrorCode.FORBIDDEN, () -> m.reports.chatReports(reporter, chat, "open", 50));
        fails(ErrorCode.FORBIDDEN, () -> m.reports.resolveInChat(reporter, chat, reportId, "dismissed"));
        fails(ErrorCode.FORBIDDEN, () -> m.reports.operatorReports(operator, "open", 50));

        assertThat(m.reports.grantOperator(operator)).isTrue();
        assertThat(m.reports.operatorReports(operator, "open", 50).reports()).extracting(ChatReport::chatId)
                .containsExactly(chat);
    }

    @Test
    void aReportIsDecidedOnceByWhicheverSideComesFirst() {
        long chat = supergroup("theclub");
        long spammer = member("spammer", "theclub");
        long operator = m.user("operator");
        m.reports.grantOperator(operator);
        long reportId = report(owner, chat, post(spammer, chat, "spam"));

        m.reports.resolveInChat(owner, chat, reportId, "resolved");

        fails(ErrorCode.REPORT_NOT_FOUND, () -> m.reports.resolveAsOperator(operator, reportId, "dismissed"));
        fails(ErrorCode.REPORT_NOT_FOUND, () -> m.reports.resolveInChat(owner, chat, reportId, "dismissed"));
        assertThat(m.reports.operatorReports(operator, "open", 50).reports()).isEmpty();
        assertThat(m.reports.chatReports(owner, chat, "resolved", 50).reports()).singleElement()
                .satisfies(r -> assertThat(r.decidedBy()).isEqualTo(owner));
        assertThat(m.moderation.getAdminLog(owner, chat, 10).entries()).anySatisfy(e ->
                assertThat(e.action()).isEqualTo("decideReport"));
    }

    @Test
    void anAdminOfOneChatCannotTouchAnotherChatsReports() {
        long chat = supergroup("theclub");
        long otherChat = m.channels.create(m.user("rival"), new dev.parley.protocol.channel.ChannelMethods.Create(
                "rival", null, "rivalclub", "supergroup", false)).chatId();
        long spammer = member("spammer", "rivalclub");
        long reportId = report(spammer, otherChat, post(spammer, otherChat, "hi"));

        fails(ErrorCode.REPORT_NOT_FOUND, () -> m.reports.resolveInChat(owner, chat, reportId, "dismissed"));
        fails(ErrorCode.CHAT_NOT_FOUND, () -> m.reports.chatReports(owner, otherChat, "open", 50));
    }

    @Test
    void onlyVisibleMessagesCanBeReported() {
        long chat = supergroup("theclub");
        long member = member("member", "theclub");
        long outsider = m.user("outsider");
        Message gone = post(member, chat, "regret");
        m.messages.delete(member, chat, List.of(gone.id()), true);
        Message visible = post(owner, chat, "fine");

        fails(ErrorCode.CHAT_NOT_FOUND, () -> report(outsider, chat, visible));
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> report(member, chat, gone));
        fails(ErrorCode.MESSAGE_NOT_FOUND, () -> m.reports.report(member, chat, List.of(9999L), "other", null));
    }

    @Test
    void privateChatsReportToOperatorsOnlyAndSmallGroupsToTheirAdmins() {
        long peer = m.user("peer");
        long operator = m.user("operator");
        m.reports.grantOperator(operator);
        long direct = m.chats.createPrivate(owner, peer).chatId();
        report(owner, direct, post(peer, direct, "threat"));
        long friend = m.user("friend");
        long group = m.chats.createGroup(owner, "friends", List.of(peer, friend)).chat().chatId();
        report(friend, group, post(peer, group, "rude"));

        fails(ErrorCode.PEER_INVALID, () -> m.reports.chatReports(owner, direct, "open", 50));
        assertThat(m.reports.chatReports(owner, group, "open", 50).reports()).hasSize(1);
        fails(ErrorCode.FORBIDDEN, () -> m.reports.chatReports(friend, group, "open", 50));
        assertThat(m.reports.operatorReports(operator, "open", 50).reports()).hasSize(2);
    }
}
