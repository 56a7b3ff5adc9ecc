package dev.parley.protocol.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fields;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.account.AuthMethods;
import java.util.List;

/** Params and results of the user-side bot methods (docs/protocol/bots.md). */
public final class BotMethods {
    private BotMethods() {}

    public static final String CREATE = "bots.create";
    public static final String LIST = "bots.list";
    public static final String REVOKE_TOKEN = "bots.revokeToken";
    public static final String SET_PRIVACY = "bots.setPrivacy";
    public static final String GET_COMMANDS = "bots.getCommands";
    public static final String GET_REPLY_MARKUP = "bots.getReplyMarkup";
    public static final String PRESS_BUTTON = "messages.pressButton";

    public static final int NAME_MAX = 64;
    /** Telegram's limit on callback_data. */
    public static final int CALLBACK_DATA_MAX = 64;

    /** Bot usernames follow Telegram's rule: a valid username that ends in "bot" (any case). */
    public static String botUsername(String value) {
        String canonical = AuthMethods.canonicalUsername(value);
        if (!canonical.endsWith("bot")) {
            throw new ParleyException(ErrorCode.USERNAME_INVALID, "a bot's username must end in 'bot'");
        }
        return canonical;
    }

    public record Create(String username, String name) {
        public Create {
            username = botUsername(username);
            name = Fields.text(name == null ? null : name.strip(), "name", 1, NAME_MAX, false,
                    ErrorCode.DISPLAY_NAME_INVALID);
        }
    }

    public record BotRef(Long botUserId) {
        public BotRef {
            Fields.positiveId(botUserId, "botUserId");
        }
    }

    public record SetPrivacy(Long botUserId, Boolean enabled) {
        public SetPrivacy {
            Fields.positiveId(botUserId, "botUserId");
            Fields.require(enabled, "enabled");
        }
    }

    public record GetReplyMarkup(Long chatId, List<Long> messageIds) {
        public GetReplyMarkup {
            Fields.positiveId(chatId, "chatId");
            Fields.require(messageIds, "messageIds");
            if (messageIds.isEmpty() || messageIds.size() > 100) {
                throw ParleyException.badRequest("field 'messageIds': 1–100 ids");
            }
            messageIds.forEach(id -> Fields.positiveId(id, "messageIds[]"));
            messageIds = List.copyOf(messageIds);
        }
    }

    public record PressButton(Long chatId, Long messageId, String data) {
        public PressButton {
            Fields.positiveId(chatId, "chatId");
            Fields.positiveId(messageId, "messageId");
            data = Fields.text(data, "data", 1, CALLBACK_DATA_MAX, false, ErrorCode.BAD_REQUEST);
        }
    }

    /** The token is shown once, here; the server keeps only its hash. */
    public record Created(long botUserId, String username, String token) {}

    public record Bot(long botUserId, String username, String name, boolean privacyMode, long createdAt) {}

    public record Bots(List<Bot> bots) {}

    public record Command(String command, String description) {}

    public record Commands(List<Command> commands) {}

    /** {@code markup} is the Telegram reply_markup object exactly as the bot sent it. */
    public record Markup(long messageId, long botUserId, JsonNode markup) {}

    public record Markups(List<Markup> markups) {}

    /** The bot's answer to a button press; {@code answered} is false when the bot did not answer in time. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ButtonAnswer(boolean answered, String text, Boolean showAlert, String url) {
        public static ButtonAnswer none() {
            return new ButtonAnswer(false, null, null, null);
        }
    }
}
