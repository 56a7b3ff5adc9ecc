package dev.parley.server.post;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.message.PostMethods.Poll;
import dev.parley.protocol.message.PostMethods.PollOption;
import dev.parley.protocol.message.PostMethods.PollVoters;
import dev.parley.protocol.message.PostMethods.SendPoll;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChatEvent;
import dev.parley.server.chat.ChatRow;
import dev.parley.server.chat.ChatService;
import dev.parley.server.chat.MemberRow;
import dev.parley.server.chat.ModerationService;
import dev.parley.server.chat.Rights;
import dev.parley.server.db.Database;
import dev.parley.server.message.MessageRow;
import dev.parley.server.message.MessageService;
import java.time.Clock;
import java.util.List;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Handle;

/**
 * Polls: a poll is a message whose text is the question, sent like any message (exactly-once, rights, slow mode),
 * with its options and settings stored in the same transaction. Votes adjust aggregated counters and record one
 * {@code poll} event each, so results cost the same in a chat of ten and of a million.
 */
public final class PollService {
    private final Database database;
    private final ChatService chats;
    private final ModerationService moderation;
    private final MessageService messages;
    private final PostAccess access;
    private final PostEvents events;
    private final PollStore store;
    private final PostDecorations decorations;
    private final Clock clock;

    PollService(Database database, ChatService chats, ModerationService moderation, MessageService messages,
            PostAccess access, PostEvents events, PollStore store, PostDecorations decorations, Clock clock) {
        this.database = database;
        this.chats = chats;
        this.moderation = moderation;
        this.messages = messages;
        this.access = access;
        this.events = events;
        this.store = store;
        this.decorations = decorations;
        this.clock = clock;
    }

    public Sent sendPoll(long userId, SendPoll p) {
        if (p.closeDate() != null && p.closeDate() <= now()) {
            throw new ParleyException(ErrorCode.BAD_REQUEST, "field 'closeDate': must be in the future");
        }
        Poll fresh = new Poll(p.question(), p.options().stream().map(o -> new PollOption(o, 0)).toList(), p.quiz(),
                p.anonymous(), p.multipleChoice(), false, p.closeDate(), 0, null, null, null);
        return messages.send(userId, new MessageService.Draft(p.chatId(), p.question(), p.randomId(), null,
                List.of(), p.silent(), null), new MessageService.Attachment() {
                    @Override
                    public void store(Handle h, MessageRow row) {
                        store.insert(h, row.chatId(), row.messageId(), p);
                    }

                    @Override
                    public Message attach(Message message) {
                        return message.withPostState(null, null, fresh, null);
                    }
                });
    }

    /** Votes (options empty: retracts, not in quizzes); returns the poll as the voter sees it. */
    public Poll vote(long userId, long chatId, long messageId, List<Integer> options) {
        long now = now();
        PostEvents.Pending[] pending = {PostEvents.Pending.NONE};
        Poll result = database.write(h -> {
            pending[0] = PostEvents.Pending.NONE;
            MemberRow member = access.member(h, chatId, userId);
            // Serialises this account's votes in the chat, so its previous choice is counted down exactly once.
            chats.lockMember(h, chatId, userId);
            ChatRow chat = access.chat(h, chatId);
            MessageRow message = access.visible(h, member, messageId);
            PollStore.PollRow poll = requirePoll(h, chatId, messageId);
            if (poll.closedAt(now)) {
                throw new ParleyException(ErrorCode.POLL_CLOSED, "the poll is closed");
            }
            int optionCount = store.options(h, chatId, messageId).size();
            if (options.stream().anyMatch(o -> o >= optionCount) || (!poll.multipleChoice() && options.size() > 1)
                    || (poll.quiz() && options.isEmpty())) {
                throw new ParleyException(ErrorCode.POLL_OPTION_INVALID,
                        poll.multipleChoice() ? "no such option" : "choose one existing option");
            }
            List<Integer> previous = store.votesOf(h, chatId, messageId, userId);
            if (poll.quiz() && !previous.isEmpty()) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "a quiz answer cannot be changed");
            }
            if (previous.equals(options)) {
                return decorations.pollOf(h, chatId, messageId, userId);
            }
            store.vote(h, chatId, messageId, userId, previous, options, now);
            PostEvents.PollChange change = poll.anonymous() ? PostEvents.PollChange.of(messageId)
                    : new PostEvents.PollChange(messageId, message.senderId(), userId, List.copyOf(options));
            pending[0] = recordPollEvent(h, chat, userId, change, now);
            return decorations.pollOf(h, chatId, messageId, userId);
        });
        pending[0].publish(chats);
        return result;
    }

    /** Closes the poll: its author, or in supergroups and channels an admin who may edit others' messages. */
    public Poll closePoll(long userId, long chatId, long messageId) {
        long now = now();
        PostEvents.Pending[] pending = {PostEvents.Pending.NONE};
        Poll result = database.write(h -> {
            pending[0] = PostEvents.Pending.NONE;
            MemberRow member = access.member(h, chatId, userId);
            ChatRow chat = access.chat(h, chatId);
            MessageRow message = access.visible(h, member, messageId);
            requirePoll(h, chatId, messageId);
            if (message.senderId() != userId) {
                if (!chat.isLarge()) {
                    throw new ParleyException(ErrorCode.FORBIDDEN, "only the poll's author closes it");
                }
                moderation.requireRight(h, member, Rights.EDIT_MESSAGES, "closing others' polls");
            }
            if (store.close(h, chatId, messageId)) {
                pending[0] = recordPollEvent(h, chat, userId, PostEvents.PollChange.of(messageId), now);
            }
            return decorations.pollOf(h, chatId, messageId, userId);
        });
        pending[0].publish(chats);
        return result;
    }

    /** Who voted (public polls only), oldest vote first. */
    public PollVoters getPollVoters(long userId, long chatId, long messageId, Integer option, int offset, int limit) {
        return database.read(h -> {
            PostAccess.Reader reader = access.reader(h, chatId, userId);
            access.visible(h, reader, userId, messageId);
            PollStore.PollRow poll = requirePoll(h, chatId, messageId);
            if (poll.anonymous()) {
                throw new ParleyException(ErrorCode.FORBIDDEN, "the poll is anonymous");
            }
            if (option != null && option >= store.options(h, chatId, messageId).size()) {
                throw new ParleyException(ErrorCode.POLL_OPTION_INVALID, "no such option");
            }
            return new PollVoters(store.voters(h, chatId, messageId, option, offset, limit));
        });
    }

    private PollStore.PollRow requirePoll(Handle h, long chatId, long messageId) {
        return store.poll(h, chatId, messageId)
                .orElseThrow(() -> new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "message " + messageId
                        + " is not a poll"));
    }

    /** One {@code poll} event; the actor's push shows their choice, everyone else's the shared results. */
    private PostEvents.Pending recordPollEvent(Handle h, ChatRow chat, long actorId, PostEvents.PollChange change,
            long now) {
        long chatId = chat.chatId();
        long messageId = change.id();
        Poll mine = decorations.pollOf(h, chatId, messageId, actorId);
        Poll shared = decorations.pollOf(h, chatId, messageId, 0);
        LongFunction<Poll> view = viewer -> viewer == actorId ? mine : shared;
        return events.record(h, chat, actorId, ChatEvent.POLL, change, now,
                (viewer, pts) -> new Update.MessagePoll(chatId, messageId, view.apply(viewer), pts));
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
