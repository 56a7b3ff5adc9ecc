package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.message.Message;
import dev.parley.protocol.message.MessageMethods;
import dev.parley.protocol.message.MessageMethods.Sent;
import dev.parley.protocol.message.PostMethods;
import dev.parley.protocol.message.PostMethods.Poll;
import dev.parley.protocol.message.PostMethods.Reactions;
import dev.parley.protocol.message.PostMethods.ViewCount;
import dev.parley.protocol.message.PostMethods.Voter;
import java.util.List;
import java.util.Optional;

/**
 * Reactions, view counts, pins and polls (docs/protocol/posts.md), in every chat kind; obtained from
 * {@link ParleyClient#posts()}. Every call but {@link #sendPoll} is idempotent on the server (the same reaction, vote,
 * pin or view twice changes nothing), so all are re-sent after a reconnect; a poll carries a randomId like a send.
 */
public final class Posts {
    private final ParleyClient client;

    Posts(ParleyClient client) {
        this.client = client;
    }

    /** What a new poll asks and how it counts; build one with {@link #regular} or {@link #quiz}. */
    public record PollDraft(String question, List<String> options, boolean quiz, Integer correctOption,
            String explanation, boolean anonymous, boolean multipleChoice, Long closeDate) {
        public PollDraft {
            options = List.copyOf(options);
        }

        /** An anonymous single-answer poll. */
        public static PollDraft regular(String question, List<String> options) {
            return new PollDraft(question, options, false, null, null, true, false, null);
        }

        /** A quiz: one right answer ({@code correctOption}, 0-based), shown with the explanation after answering. */
        public static PollDraft quiz(String question, List<String> options, int correctOption, String explanation) {
            return new PollDraft(question, options, true, correctOption, explanation, true, false, null);
        }

        /** The same poll with voters visible ({@code anonymous} false) or not. */
        public PollDraft withAnonymous(boolean value) {
            return new PollDraft(question, options, quiz, correctOption, explanation, value, multipleChoice,
                    closeDate);
        }

        public PollDraft withMultipleChoice(boolean value) {
            return new PollDraft(question, options, quiz, correctOption, explanation, anonymous, value, closeDate);
        }

        /** Closes by itself at {@code unixSeconds}. */
        public PollDraft withCloseDate(Long unixSeconds) {
            return new PollDraft(question, options, quiz, correctOption, explanation, anonymous, multipleChoice,
                    unixSeconds);
        }
    }

    // ---- reactions ----

    /** {@code messages.sendReaction}: sets (replaces) the caller's reaction; the message's counts after it. */
    public Reactions react(long chatId, long id, String reaction) {
        return client.call(PostMethods.SEND_REACTION, new PostMethods.SendReaction(chatId, id, reaction),
                PostMethods.ReactionsResult.class).reactions();
    }

    /** {@code messages.sendReaction} without a reaction: removes the caller's. */
    public Reactions unreact(long chatId, long id) {
        return react(chatId, id, null);
    }

    /** The message's reaction counts (and the caller's own), read with its history entry; empty counts if none. */
    public Reactions reactions(long chatId, long id) {
        Reactions r = message(chatId, id).orElseThrow(() -> notFound(id)).reactions();
        return r != null ? r : new Reactions(List.of(), null);
    }

    public List<String> availableReactions(long chatId) {
        return client.call(PostMethods.GET_AVAILABLE_REACTIONS, new PostMethods.GetAvailableReactions(chatId),
                PostMethods.AvailableReactions.class).reactions();
    }

    /** {@code chats.setAvailableReactions}: an empty list turns reactions off. */
    public void setAvailableReactions(long chatId, List<String> reactions) {
        client.call(PostMethods.SET_AVAILABLE_REACTIONS, new PostMethods.SetAvailableReactions(chatId, reactions),
                JsonNode.class);
    }

    // ---- views ----

    /** {@code messages.getMessagesViews}: counts, in the order of {@code ids}; {@code increment} counts the caller's view. */
    public List<ViewCount> views(long chatId, List<Long> ids, boolean increment) {
        return client.call(PostMethods.GET_MESSAGES_VIEWS, new PostMethods.GetMessagesViews(chatId, ids, increment),
                PostMethods.MessagesViews.class).views();
    }

    // ---- pins ----

    public void pin(long chatId, long id, boolean silent) {
        client.call(PostMethods.PIN, new PostMethods.Pin(chatId, id, silent), JsonNode.class);
    }

    public void unpin(long chatId, long id) {
        client.call(PostMethods.UNPIN, new PostMethods.Unpin(chatId, id), JsonNode.class);
    }

    public void unpinAll(long chatId) {
        client.call(PostMethods.UNPIN_ALL, new PostMethods.UnpinAll(chatId), JsonNode.class);
    }

    /** {@code messages.getPinned}: newest pin first. */
    public List<Message> pinned(long chatId) {
        return client.call(PostMethods.GET_PINNED, new PostMethods.GetPinned(chatId),
                MessageMethods.Messages.class).messages();
    }

    // ---- polls ----

    /** {@code messages.sendPoll}, exactly once (one randomId for every attempt, as {@link Messages#send}). */
    public Sent sendPoll(long chatId, PollDraft draft, boolean silent) {
        var params = new PostMethods.SendPoll(chatId, Messages.newRandomId(), draft.question(), draft.options(),
                draft.quiz(), draft.correctOption(), draft.explanation(), draft.anonymous(), draft.multipleChoice(),
                draft.closeDate(), silent);
        return client.messages().retried(() -> client.call(PostMethods.SEND_POLL, params, Sent.class));
    }

    /** {@code messages.vote}: 0-based option indexes; an empty list retracts (not in quizzes). */
    public Poll vote(long chatId, long id, List<Integer> options) {
        return client.call(PostMethods.VOTE, new PostMethods.Vote(chatId, id, options), PostMethods.PollResult.class)
                .poll();
    }

    public Poll closePoll(long chatId, long id) {
        return client.call(PostMethods.CLOSE_POLL, new PostMethods.ClosePoll(chatId, id),
                PostMethods.PollResult.class).poll();
    }

    /** The poll's current results as the caller sees them. */
    public Poll poll(long chatId, long id) {
        Poll poll = message(chatId, id).orElseThrow(() -> notFound(id)).poll();
        if (poll == null) {
            throw new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "message " + id + " is not a poll");
        }
        return poll;
    }

    /** {@code messages.getPollVoters} of a public poll; {@code option} null: every voter. */
    public List<Voter> pollVoters(long chatId, long id, Integer option, int offset, int limit) {
        return client.call(PostMethods.GET_POLL_VOTERS, new PostMethods.GetPollVoters(chatId, id, option, offset,
                limit), PostMethods.PollVoters.class).voters();
    }

    /** One message as the caller sees it, with its decorations: the history page that ends at it. */
    public Optional<Message> message(long chatId, long id) {
        return client.messages().getHistoryOlder(chatId, id + 1, 1).stream().filter(m -> m.id() == id).findFirst();
    }

    private static ParleyException notFound(long id) {
        return new ParleyException(ErrorCode.MESSAGE_NOT_FOUND, "message " + id + " not found");
    }
}
