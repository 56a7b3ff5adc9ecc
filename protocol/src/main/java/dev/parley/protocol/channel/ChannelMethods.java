package dev.parley.protocol.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fields;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.account.AuthMethods;
import dev.parley.protocol.sync.Update;
import java.util.List;

/** Params and results of the {@code channels.*} methods (docs/protocol/channels.md). */
public final class ChannelMethods {
    private ChannelMethods() {}

    public static final String CREATE = "channels.create";
    public static final String JOIN = "channels.join";
    public static final String LEAVE = "channels.leave";
    public static final String GET_DIFFERENCE = "channels.getDifference";
    public static final String GET_CHANNEL_STATES = "updates.getChannelStates";
    public static final String CONVERT_TO_SUPERGROUP = "chats.convertToSupergroup";
    public static final String EDIT_INFO = "channels.editInfo";
    public static final String ADD_BOT = "channels.addBot";

    public static final String KIND_SUPERGROUP = "supergroup";
    public static final String KIND_CHANNEL = "channel";
    public static final int ABOUT_MAX = 255;
    public static final int DIFFERENCE_PAGE_MAX = 1000;

    public record Create(String title, String about, String username, String kind, Boolean signMessages) {
        public Create {
            Fields.require(title, "title");
            title = Fields.text(title.strip(), "title", 1, dev.parley.protocol.chat.ChatMethods.TITLE_MAX, false,
                    ErrorCode.CHAT_TITLE_INVALID);
            about = about == null ? null : Fields.text(about, "about", 0, ABOUT_MAX, true, ErrorCode.BAD_REQUEST);
            username = username == null ? null : AuthMethods.canonicalUsername(username);
            Fields.require(kind, "kind");
            if (!KIND_CHANNEL.equals(kind) && !KIND_SUPERGROUP.equals(kind)) {
                throw ParleyException.badRequest("field 'kind': must be \"channel\" or \"supergroup\"");
            }
            signMessages = signMessages != null && signMessages;
        }
    }

    /** A new title and/or about text (at least one; an empty about clears it). */
    public record EditInfo(Long chatId, String title, String about) {
        public EditInfo {
            Fields.positiveId(chatId, "chatId");
            if (title == null && about == null) {
                throw ParleyException.badRequest("at least one of 'title' and 'about' is required");
            }
            title = title == null ? null : Fields.text(title.strip(), "title", 1,
                    dev.parley.protocol.chat.ChatMethods.TITLE_MAX, false, ErrorCode.CHAT_TITLE_INVALID);
            about = about == null ? null : Fields.text(about, "about", 0, ABOUT_MAX, true, ErrorCode.BAD_REQUEST);
        }
    }

    /** Exactly one of chatId (a chat the caller may see) or username (a public chat). */
    public record Join(Long chatId, String username) {
        public Join {
            if ((chatId == null) == (username == null)) {
                throw ParleyException.badRequest("exactly one of 'chatId' and 'username' is required");
            }
            if (chatId != null) {
                Fields.positiveId(chatId, "chatId");
            } else {
                username = AuthMethods.canonicalUsername(username);
            }
        }
    }

    /** A bot account to add to a supergroup as a plain member (people join themselves). */
    public record AddBot(Long chatId, Long userId) {
        public AddBot {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(userId, "userId");
        }
    }

    /** {@code topicId}: only the events of that forum topic's messages (absent: every event of the chat). */
    public record GetDifference(Long chatId, Long fromSeq, Integer limit, Long topicId) {
        public GetDifference(Long chatId, Long fromSeq, Integer limit) {
            this(chatId, fromSeq, limit, null);
        }

        public GetDifference {
            Fields.positiveId(chatId, "chatId");
            Fields.require(fromSeq, "fromSeq");
            if (fromSeq < 0 || fromSeq > Limits.MAX_SAFE_INTEGER) {
                throw ParleyException.badRequest("field 'fromSeq': must be a non-negative integer");
            }
            limit = Fields.range(limit, "limit", 1, DIFFERENCE_PAGE_MAX, 100);
            if (topicId != null) {
                Fields.positiveId(topicId, "topicId");
            }
        }
    }

    public record GetChannelStates() {}

    /**
     * A page of a large chat's events after {@code fromSeq}. Each update's {@code pts} is the chat seq of its event;
     * {@code seq} is the seq of the last update in the page (the next fromSeq), {@code final} says the page reaches
     * the chat's current seq.
     */
    public record ChannelDifference(long chatId, List<Update> updates, long seq,
            @JsonProperty("final") boolean isFinal) {
        public ChannelDifference {
            updates = List.copyOf(updates);
        }
    }

    public record ChannelState(long chatId, long seq) {}

    public record ChannelStates(List<ChannelState> states) {}

    /**
     * A pushed frame for a large chat: {@code {"chatId":…,"updates":[…],"seq":…,"seqCount":1}}. Tracked against the
     * chat's seq, never the user's pts: a client holding {@code seq - seqCount} for the chat applies it; any other
     * value is a gap to fill with {@code channels.getDifference}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChannelBatch(long chatId, List<Object> updates, long seq, int seqCount) {
        public ChannelBatch {
            updates = List.copyOf(updates);
        }
    }
}
