package dev.parley.protocol.channel;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fields;
import java.util.List;

/** Forum mode of supergroups: topics (docs/protocol/channels.md, "Topics"). */
public final class TopicMethods {
    private TopicMethods() {}

    public static final String TOGGLE_FORUM = "channels.toggleForum";
    public static final String CREATE = "topics.create";
    public static final String EDIT = "topics.edit";
    public static final String CLOSE = "topics.close";
    public static final String REOPEN = "topics.reopen";
    public static final String LIST = "topics.list";

    /** The topic every forum has, created when forum mode is first turned on; it cannot be closed. */
    public static final long GENERAL_TOPIC_ID = 1;
    public static final int TITLE_MAX = 128;

    static String validTitle(String title) {
        return Fields.text(title, "title", 1, TITLE_MAX, false, ErrorCode.CHAT_TITLE_INVALID);
    }

    public record ToggleForum(Long chatId, Boolean enabled) {
        public ToggleForum {
            Fields.positiveId(chatId, "chatId");
            Fields.require(enabled, "enabled");
        }
    }

    public record Create(Long chatId, String title) {
        public Create {
            Fields.positiveId(chatId, "chatId");
            title = validTitle(title);
        }
    }

    public record Edit(Long chatId, Long topicId, String title) {
        public Edit {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(topicId, "topicId");
            title = validTitle(title);
        }
    }

    public record TopicRef(Long chatId, Long topicId) {
        public TopicRef {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(topicId, "topicId");
        }
    }

    public record ListTopics(Long chatId) {
        public ListTopics {
            Fields.positiveId(chatId, "chatId");
        }
    }

    /** {@code topMessageId}: the newest message in the topic (0 when empty). */
    public record Topic(long chatId, long topicId, String title, long creatorId, long date, boolean closed,
            long topMessageId) {}

    public record Topics(boolean forum, List<Topic> topics) {}
}
