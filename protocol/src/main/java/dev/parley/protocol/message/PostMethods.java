package dev.parley.protocol.message;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fields;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Params, results and objects of the post features: reactions, view counters, pins and polls
 * (docs/protocol/posts.md). They work in every chat kind; in supergroups and channels their state is stored once per
 * post (aggregated counters), never per subscriber.
 */
public final class PostMethods {
    private PostMethods() {}

    public static final String SEND_REACTION = "messages.sendReaction";
    public static final String SET_AVAILABLE_REACTIONS = "chats.setAvailableReactions";
    public static final String GET_AVAILABLE_REACTIONS = "chats.getAvailableReactions";
    public static final String GET_MESSAGES_VIEWS = "messages.getMessagesViews";
    public static final String PIN = "messages.pin";
    public static final String UNPIN = "messages.unpin";
    public static final String UNPIN_ALL = "messages.unpinAll";
    public static final String GET_PINNED = "messages.getPinned";
    public static final String SEND_POLL = "messages.sendPoll";
    public static final String VOTE = "messages.vote";
    public static final String CLOSE_POLL = "messages.closePoll";
    public static final String GET_POLL_VOTERS = "messages.getPollVoters";

    /** The reactions a new chat allows (Telegram's classic set). */
    public static final List<String> DEFAULT_REACTIONS = List.of("👍", "👎", "❤️", "🔥", "🎉", "😁", "😮", "😢", "🙏",
            "👏");
    public static final int REACTION_MAX_LENGTH = 16;
    public static final int AVAILABLE_REACTIONS_MAX = 50;
    public static final int PINNED_MAX = 100;
    public static final int POLL_QUESTION_MAX = 300;
    public static final int POLL_OPTION_MAX = 100;
    public static final int POLL_OPTIONS_MIN = 2;
    public static final int POLL_OPTIONS_MAX = 10;
    public static final int POLL_EXPLANATION_MAX = 200;
    public static final int VOTERS_PAGE_MAX = 100;

    // ---- objects ----

    public record ReactionCount(String reaction, int count) {}

    /** Counts per reaction, most used first; {@code mine} is the viewer's own reaction (absent if none). */
    public record Reactions(List<ReactionCount> counts, String mine) {}

    /**
     * One account's reaction change: {@code oldReaction} / {@code newReaction} absent when there was none / it was
     * removed. Only bot accounts entitled to it receive it (docs/BOT_API.md).
     */
    public record ReactionChange(long userId, String oldReaction, String newReaction) {}

    /** One account's vote in a public poll; {@code options} empty when it retracted its vote. */
    public record PollAnswer(long userId, List<Integer> options) {}

    public record PollOption(String text, int voters) {}

    /**
     * A poll as one viewer sees it. {@code chosen} lists the viewer's options (absent before they voted); a quiz shows
     * {@code correctOption} and {@code explanation} only to viewers who voted, and to everyone once it is closed.
     */
    public record Poll(String question, List<PollOption> options, boolean quiz, boolean anonymous,
            boolean multipleChoice, boolean closed, Long closeDate, int totalVoters, List<Integer> chosen,
            Integer correctOption, String explanation) {}

    // ---- reactions ----

    /** {@code reaction} absent or null removes the caller's reaction. */
    public record SendReaction(Long chatId, Long id, String reaction) {
        public SendReaction {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(id, "id");
            if (reaction != null) {
                reaction = validReaction(reaction, "reaction");
            }
        }
    }

    public record ReactionsResult(Reactions reactions) {}

    /** An empty list turns reactions off in the chat. */
    public record SetAvailableReactions(Long chatId, List<String> reactions) {
        public SetAvailableReactions {
            Fields.positiveId(chatId, "chatId");
            Fields.require(reactions, "reactions");
            if (reactions.size() > AVAILABLE_REACTIONS_MAX) {
                throw ParleyException.badRequest("field 'reactions': at most " + AVAILABLE_REACTIONS_MAX);
            }
            LinkedHashSet<String> distinct = new LinkedHashSet<>();
            reactions.forEach(r -> distinct.add(validReaction(r, "reactions[]")));
            reactions = List.copyOf(distinct);
        }
    }

    public record GetAvailableReactions(Long chatId) {
        public GetAvailableReactions {
            Fields.positiveId(chatId, "chatId");
        }
    }

    public record AvailableReactions(List<String> reactions) {}

    // ---- views ----

    /** {@code increment: true} counts a view by the caller (once per account per message). */
    public record GetMessagesViews(Long chatId, List<Long> ids, Boolean increment) {
        public GetMessagesViews {
            Fields.positiveId(chatId, "chatId");
            ids = MessageMethods.validIds(ids, "ids");
            increment = increment != null && increment;
        }
    }

    public record ViewCount(long id, int views) {}

    public record MessagesViews(List<ViewCount> views) {}

    // ---- pins ----

    public record Pin(Long chatId, Long id, Boolean silent) {
        public Pin {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(id, "id");
            silent = silent != null && silent;
        }
    }

    public record Unpin(Long chatId, Long id) {
        public Unpin {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(id, "id");
        }
    }

    public record UnpinAll(Long chatId) {
        public UnpinAll {
            Fields.positiveId(chatId, "chatId");
        }
    }

    public record GetPinned(Long chatId) {
        public GetPinned {
            Fields.positiveId(chatId, "chatId");
        }
    }

    // ---- polls ----

    public record SendPoll(Long chatId, Long randomId, String question, List<String> options, Boolean quiz,
            Integer correctOption, String explanation, Boolean anonymous, Boolean multipleChoice, Long closeDate,
            Boolean silent) {
        public SendPoll {
            Fields.positiveId(chatId, "chatId");
            MessageMethods.validRandomId(randomId, "randomId");
            question = Fields.text(question, "question", 1, POLL_QUESTION_MAX, true, ErrorCode.BAD_REQUEST).strip();
            Fields.require(options, "options");
            if (options.size() < POLL_OPTIONS_MIN || options.size() > POLL_OPTIONS_MAX) {
                throw ParleyException.badRequest(
                        "field 'options': " + POLL_OPTIONS_MIN + "–" + POLL_OPTIONS_MAX + " options");
            }
            List<String> texts = new ArrayList<>();
            for (String option : options) {
                texts.add(Fields.text(option, "options[]", 1, POLL_OPTION_MAX, false, ErrorCode.BAD_REQUEST).strip());
            }
            if (new LinkedHashSet<>(texts).size() != texts.size() || texts.contains("")) {
                throw ParleyException.badRequest("field 'options': options must be distinct and not blank");
            }
            options = List.copyOf(texts);
            quiz = quiz != null && quiz;
            anonymous = anonymous == null || anonymous;
            multipleChoice = multipleChoice != null && multipleChoice;
            silent = silent != null && silent;
            if (quiz) {
                Fields.require(correctOption, "correctOption");
                if (correctOption < 0 || correctOption >= options.size()) {
                    throw new ParleyException(ErrorCode.POLL_OPTION_INVALID, "field 'correctOption': no such option");
                }
                if (multipleChoice) {
                    throw ParleyException.badRequest("field 'multipleChoice': a quiz has one answer");
                }
                if (explanation != null) {
                    explanation = Fields.text(explanation, "explanation", 0, POLL_EXPLANATION_MAX, true,
                            ErrorCode.BAD_REQUEST);
                }
            } else if (correctOption != null || explanation != null) {
                throw ParleyException.badRequest("fields 'correctOption' and 'explanation' are for quizzes");
            }
            if (closeDate != null && (closeDate <= 0 || closeDate > Limits.MAX_SAFE_INTEGER)) {
                throw ParleyException.badRequest("field 'closeDate': must be a Unix time");
            }
        }
    }

    /** An empty {@code options} list retracts the caller's vote (not in quizzes). */
    public record Vote(Long chatId, Long id, List<Integer> options) {
        public Vote {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(id, "id");
            Fields.require(options, "options");
            if (options.size() > POLL_OPTIONS_MAX || new LinkedHashSet<>(options).size() != options.size()
                    || options.stream().anyMatch(o -> o == null || o < 0)) {
                throw new ParleyException(ErrorCode.POLL_OPTION_INVALID, "field 'options': distinct option indexes");
            }
            options = options.stream().sorted().toList();
        }
    }

    public record ClosePoll(Long chatId, Long id) {
        public ClosePoll {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(id, "id");
        }
    }

    public record PollResult(Poll poll) {}

    /** Voters of a public poll, oldest vote first; {@code option} narrows to one option. */
    public record GetPollVoters(Long chatId, Long id, Integer option, Integer offset, Integer limit) {
        public GetPollVoters {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(id, "id");
            if (option != null && (option < 0 || option >= POLL_OPTIONS_MAX)) {
                throw new ParleyException(ErrorCode.POLL_OPTION_INVALID, "field 'option': no such option");
            }
            offset = Fields.range(offset, "offset", 0, Integer.MAX_VALUE, 0);
            limit = Fields.range(limit, "limit", 1, VOTERS_PAGE_MAX, 50);
        }
    }

    public record Voter(long userId, List<Integer> options) {}

    public record PollVoters(List<Voter> voters) {}

    static String validReaction(String reaction, String field) {
        String value = Fields.text(reaction, field, 1, REACTION_MAX_LENGTH, false, ErrorCode.REACTION_INVALID);
        if (value.codePoints().anyMatch(Character::isWhitespace)) {
            throw new ParleyException(ErrorCode.REACTION_INVALID, "field '" + field + "': no spaces");
        }
        return value;
    }
}
