package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.bot.BotMethods;
import java.util.Optional;

/**
 * Bot keyboards (the Telegram {@code reply_markup} objects of docs/protocol/bots.md) as text: one line of
 * {@code [Yes] [No]} per keyboard row, and the lookup of an inline button by its text or its callback data.
 */
final class Keyboards {
    private Keyboards() {}

    /** The rows of the keyboard, indented under its message; empty for {@code remove_keyboard}/{@code force_reply}. */
    static String render(JsonNode markup) {
        boolean inline = markup.has("inline_keyboard");
        JsonNode rows = inline ? markup.path("inline_keyboard") : markup.path("keyboard");
        StringBuilder text = new StringBuilder();
        for (JsonNode row : rows) {
            StringBuilder line = new StringBuilder();
            for (JsonNode button : row) {
                String label = button.isTextual() ? button.asText() : button.path("text").asText();
                line.append(line.isEmpty() ? "" : " ").append('[').append(label)
                        .append(button.has("url") ? " ↗" : "").append(']');
            }
            if (!line.isEmpty()) {
                text.append("\n    ").append(inline ? "" : "keyboard: ").append(line);
            }
        }
        return text.toString();
    }

    /** The inline button whose text or callback_data is {@code wanted} (text first: that is what users see). */
    static Optional<JsonNode> inlineButton(BotMethods.Markup markup, String wanted) {
        Optional<JsonNode> byText = Optional.empty();
        Optional<JsonNode> byData = Optional.empty();
        for (JsonNode row : markup.markup().path("inline_keyboard")) {
            for (JsonNode button : row) {
                if (byText.isEmpty() && button.path("text").asText().equals(wanted)) {
                    byText = Optional.of(button);
                }
                if (byData.isEmpty() && button.path("callback_data").asText().equals(wanted)) {
                    byData = Optional.of(button);
                }
            }
        }
        return byText.isPresent() ? byText : byData;
    }
}
