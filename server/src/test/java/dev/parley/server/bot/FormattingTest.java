package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Telegram's parse modes: the text and entities they produce, and the errors Telegram gives for bad markup. */
class FormattingTest {

    private static Tg.MessageEntity entity(String type, int offset, int length) {
        return Formatted.entity(type, offset, length, null, null);
    }

    @Test
    void htmlTagsBecomeEntitiesAndEscapesAreDecoded() {
        Formatted f = HtmlFormat.parse("<b>bold</b> &lt;x&gt; <i>it</i> <a href=\"https://a.example/?q=1&amp;r=2\">link</a>");

        assertThat(f.text()).isEqualTo("bold <x> it link");
        assertThat(f.entities()).containsExactly(entity("bold", 0, 4), entity("italic", 9, 2),
                Formatted.entity("text_link", 12, 4, "https://a.example/?q=1&r=2", null));
    }

    @Test
    void htmlOffsetsCountUtf16CodeUnits() {
        Formatted f = HtmlFormat.parse("😀 <u>under</u> <s>gone</s> <tg-spoiler>x</tg-spoiler>");

        assertThat(f.entities()).containsExactly(entity("underline", 3, 5), entity("strikethrough", 9, 4),
                entity("spoiler", 14, 1));
    }

    @Test
    void htmlPreWithInnerCodeCarriesTheLanguage() {
        Formatted f = HtmlFormat.parse("<pre><code class=\"language-java\">int x;</code></pre>");

        assertThat(f.text()).isEqualTo("int x;");
        assertThat(f.entities()).containsExactly(Formatted.entity("pre", 0, 6, null, "java"));
    }

    @Test
    void htmlUnknownTagsAndUnclosedTagsAreRejectedWithTelegramsWording() {
        assertThatThrownBy(() -> HtmlFormat.parse("<blink>x</blink>"))
                .hasMessage("Bad Request: can't parse entities: Unsupported start tag \"blink\" at byte offset 0");
        assertThatThrownBy(() -> HtmlFormat.parse("<b>x"))
                .hasMessage("Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"");
        assertThatThrownBy(() -> HtmlFormat.parse("<b><i>x</b></i>"))
                .hasMessageContaining("Can't find end tag corresponding to start tag \"i\"");
    }

    @Test
    void markdownV2MarkersBecomeEntities() {
        Formatted f = MarkdownV2Format.parse("*bold* _it_ __under__ ~del~ ||spoil|| `code` [link](https://a.example)");

        assertThat(f.text()).isEqualTo("bold it under del spoil code link");
        assertThat(f.entities()).containsExactly(entity("bold", 0, 4), entity("italic", 5, 2),
                entity("underline", 8, 5), entity("strikethrough", 14, 3), entity("spoiler", 18, 5),
                entity("code", 24, 4), Formatted.entity("text_link", 29, 4, "https://a.example", null));
    }

    @Test
    void markdownV2NestsAndUnescapes() {
        Formatted f = MarkdownV2Format.parse("*bold _both_ bold* 1\\.5 \\*not bold\\*");

        assertThat(f.text()).isEqualTo("bold both bold 1.5 *not bold*");
        assertThat(f.entities()).containsExactly(entity("bold", 0, 14), entity("italic", 5, 4));
    }

    @Test
    void markdownV2PreBlockTakesItsLanguageFromTheFirstLine() {
        Formatted f = MarkdownV2Format.parse("```python\nprint(1)\n```");

        assertThat(f.text()).isEqualTo("print(1)\n");
        assertThat(f.entities()).containsExactly(Formatted.entity("pre", 0, 9, null, "python"));
    }

    @Test
    void markdownV2BlockquoteCoversTheQuotedLines() {
        Formatted f = MarkdownV2Format.parse(">quoted\n>more\nafter");

        assertThat(f.text()).isEqualTo("quoted\nmore\nafter");
        assertThat(f.entities()).containsExactly(entity("blockquote", 0, 11));
    }

    @Test
    void markdownV2ReservedCharactersMustBeEscaped() {
        assertThatThrownBy(() -> MarkdownV2Format.parse("Hello. World"))
                .hasMessage("Bad Request: can't parse entities: Character '.' is reserved and must be escaped with "
                        + "the preceding '\\'");
        assertThatThrownBy(() -> MarkdownV2Format.parse("*open bold"))
                .hasMessage("Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0");
    }

    @Test
    void detectedBotCommandsAreGivenEntitiesLikeTelegramDoes() {
        TelegramRenderer render = new TelegramRenderer(null, null, null, null, null, null, new TelegramJson());

        assertThat(render.entities("/start@echo_bot now, then /help", java.util.List.of())).containsExactly(
                entity("bot_command", 0, 15), entity("bot_command", 26, 5));
        assertThat(render.entities("a/b is not a command", java.util.List.of())).isNull();
    }
}
