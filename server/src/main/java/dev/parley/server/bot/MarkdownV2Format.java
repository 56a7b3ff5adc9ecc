package dev.parley.server.bot;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * Telegram's {@code parse_mode=MarkdownV2}: *bold*, _italic_, __underline__, ~strikethrough~, ||spoiler||,
 * [text](url), `code`, ```language\npre```, and {@code >} blockquote lines. Outside entities the characters
 * {@code _*[]()~`>#+-=|{}.!} must be escaped with a backslash (Telegram rejects them otherwise); inside code and pre
 * only {@code `} and {@code \}, inside a link's url only {@code )} and {@code \}.
 */
final class MarkdownV2Format {
    private static final String RESERVED = "_*[]()~`>#+-=|{}.!";

    private MarkdownV2Format() {}

    private record Open(String type, int start, int at) {}

    static Formatted parse(String source) {
        StringBuilder out = new StringBuilder();
        List<Tg.MessageEntity> entities = new ArrayList<>();
        LinkedList<Open> open = new LinkedList<>();
        int quoteStart = -1;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            boolean lineStart = i == 0 || source.charAt(i - 1) == '\n';
            if (c == '\\') {
                if (i + 1 < n && source.charAt(i + 1) > 0 && source.charAt(i + 1) < 127) {
                    out.append(source.charAt(i + 1));
                    i += 2;
                } else {
                    throw reserved(c, source, i);
                }
            } else if (c == '>' && lineStart) {
                if (quoteStart < 0) {
                    quoteStart = out.length();
                }
                i++;
            } else if (c == '\n' && quoteStart >= 0 && (i + 1 >= n || source.charAt(i + 1) != '>')) {
                add(entities, "blockquote", quoteStart, out.length(), null, null);
                quoteStart = -1;
                out.append(c);
                i++;
            } else if (source.startsWith("```", i)) {
                i = pre(source, i, out, entities);
            } else if (c == '`') {
                int start = out.length();
                i = literal(source, i + 1, "`", out);
                add(entities, "code", start, out.length(), null, null);
            } else if (c == '*') {
                toggle(open, entities, "bold", out.length(), i);
                i++;
            } else if (source.startsWith("__", i)) {
                toggle(open, entities, "underline", out.length(), i);
                i += 2;
            } else if (c == '_') {
                toggle(open, entities, "italic", out.length(), i);
                i++;
            } else if (c == '~') {
                toggle(open, entities, "strikethrough", out.length(), i);
                i++;
            } else if (source.startsWith("||", i)) {
                toggle(open, entities, "spoiler", out.length(), i);
                i += 2;
            } else if (c == '[') {
                open.push(new Open("link", out.length(), i));
                i++;
            } else if (c == ']' && !open.isEmpty() && open.peek().type().equals("link")) {
                Open link = open.pop();
                if (i + 1 >= n || source.charAt(i + 1) != '(') {
                    throw reserved(']', source, i);
                }
                StringBuilder url = new StringBuilder();
                i = literal(source, i + 2, ")", url);
                add(entities, "text_link", link.start(), out.length(), url.toString(), null);
            } else if (RESERVED.indexOf(c) >= 0) {
                throw reserved(c, source, i);
            } else {
                out.append(c);
                i++;
            }
        }
        if (quoteStart >= 0) {
            add(entities, "blockquote", quoteStart, out.length(), null, null);
        }
        if (!open.isEmpty()) {
            Open first = open.getLast();
            throw error("Can't find end of " + describe(first.type()) + " entity at byte offset "
                    + HtmlFormat.byteOffset(source, first.at()));
        }
        entities.sort(java.util.Comparator.comparingInt(Tg.MessageEntity::offset));
        return new Formatted(out.toString(), entities);
    }

    private static void toggle(LinkedList<Open> open, List<Tg.MessageEntity> entities, String type, int position,
            int at) {
        for (Iterator<Open> it = open.iterator(); it.hasNext(); ) {
            Open o = it.next();
            if (o.type().equals(type)) {
                it.remove();
                add(entities, type, o.start(), position, null, null);
                return;
            }
        }
        open.push(new Open(type, position, at));
    }

    /** Reads up to the closing {@code end}, where only the closer and backslash may be (and are) escaped. */
    private static int literal(String source, int i, String end, StringBuilder out) {
        int begin = i;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length()) {
                out.append(source.charAt(i + 1));
                i += 2;
            } else if (source.startsWith(end, i)) {
                return i + end.length();
            } else {
                out.append(c);
                i++;
            }
        }
        String what = end.equals(")") ? "TextUrl" : "Code";
        throw error("Can't find end of " + what + " entity at byte offset " + HtmlFormat.byteOffset(source, begin - 1));
    }

    private static int pre(String source, int i, StringBuilder out, List<Tg.MessageEntity> entities) {
        int body = i + 3;
        int newline = source.indexOf('\n', body);
        int close = source.indexOf("```", body);
        String language = null;
        if (newline >= 0 && (close < 0 || newline < close)) {
            String first = source.substring(body, newline);
            if (!first.isBlank() && first.chars().noneMatch(Character::isWhitespace)) {
                language = first;
            }
            if (language != null || first.isEmpty()) {
                body = newline + 1;
            }
        }
        int start = out.length();
        int next = literal(source, body, "```", out);
        add(entities, "pre", start, out.length(), null, language);
        return next;
    }

    private static void add(List<Tg.MessageEntity> entities, String type, int start, int end, String url,
            String language) {
        if (end > start) {
            entities.add(Formatted.entity(type, start, end - start, url, language));
        }
    }

    private static String describe(String type) {
        return switch (type) {
            case "bold" -> "Bold";
            case "italic" -> "Italic";
            case "underline" -> "Underline";
            case "strikethrough" -> "Strikethrough";
            case "spoiler" -> "Spoiler";
            default -> "TextUrl";
        };
    }

    private static TelegramException reserved(char c, String source, int i) {
        return error("Character '" + c + "' is reserved and must be escaped with the preceding '\\'");
    }

    private static TelegramException error(String detail) {
        return TelegramException.badRequest("can't parse entities: " + detail);
    }
}
