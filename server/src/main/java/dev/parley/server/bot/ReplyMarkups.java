package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a reply_markup (InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove or ForceReply) the way
 * Telegram does, before anything is stored; clients get the object exactly as the bot sent it.
 */
final class ReplyMarkups {
    private static final Set<String> INLINE_ACTIONS = Set.of("url", "callback_data", "web_app", "login_url",
            "switch_inline_query", "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
            "copy_text", "callback_game", "pay");

    private ReplyMarkups() {}

    static JsonNode validate(JsonNode markup) {
        if (!markup.isObject()) {
            throw TelegramException.badRequest("object expected as reply markup");
        }
        if (markup.has("inline_keyboard")) {
            rows(markup.get("inline_keyboard"), "inline_keyboard").forEach(ReplyMarkups::inlineButton);
        } else if (markup.has("keyboard")) {
            for (JsonNode button : rows(markup.get("keyboard"), "keyboard")) {
                if (!button.isTextual() && !(button.isObject() && button.path("text").isTextual())) {
                    throw TelegramException.badRequest("can't parse keyboard button: Text must be non-empty");
                }
            }
        } else if (!markup.path("remove_keyboard").asBoolean(false) && !markup.path("force_reply").asBoolean(false)) {
            throw TelegramException.badRequest("can't parse reply keyboard markup JSON object");
        }
        return markup;
    }

    private static List<JsonNode> rows(JsonNode keyboard, String field) {
        if (!keyboard.isArray()) {
            throw TelegramException.badRequest("field \"" + field + "\" must be an Array");
        }
        List<JsonNode> buttons = new ArrayList<>();
        for (JsonNode row : keyboard) {
            if (!row.isArray()) {
                throw TelegramException.badRequest("field \"" + field + "\" must be an Array of Arrays");
            }
            row.forEach(buttons::add);
        }
        return buttons;
    }

    private static void inlineButton(JsonNode button) {
        if (!button.isObject() || !button.path("text").isTextual() || button.path("text").asText().isEmpty()) {
            throw TelegramException.badRequest("can't parse inline keyboard button: Text must be non-empty");
        }
        long actions = INLINE_ACTIONS.stream().filter(button::has).count();
        if (actions != 1) {
            throw TelegramException.badRequest(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        }
        if (button.has("callback_data")) {
            int bytes = button.get("callback_data").asText().getBytes(StandardCharsets.UTF_8).length;
            if (bytes < 1 || bytes > 64) {
                throw TelegramException.badRequest("BUTTON_DATA_INVALID");
            }
        }
    }

    /** Whether a stored inline keyboard has a button with this callback data. */
    static boolean hasCallback(JsonNode markup, String data) {
        for (JsonNode row : markup.path("inline_keyboard")) {
            for (JsonNode button : row) {
                if (data.equals(button.path("callback_data").asText(null))) {
                    return true;
                }
            }
        }
        return false;
    }
}
