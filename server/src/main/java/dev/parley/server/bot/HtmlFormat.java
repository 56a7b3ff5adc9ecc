package dev.parley.server.bot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telegram's {@code parse_mode=HTML}: the tags b/strong, i/em, u/ins, s/strike/del, tg-spoiler (or span
 * class="tg-spoiler"), a href, code, pre (with an inner code class="language-…"), blockquote; the named entities
 * {@code &lt; &gt; &amp; &quot;} and numeric ones. Anything else is an error worded as Telegram words it.
 */
final class HtmlFormat {
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "\\s*([a-zA-Z-]+)\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s>]+))");

    private HtmlFormat() {}

    private record Open(String tag, String type, int start, String url, String language) {}

    static Formatted parse(String html) {
        StringBuilder out = new StringBuilder();
        List<Tg.MessageEntity> entities = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    throw error("Unclosed start tag at byte offset " + byteOffset(html, i));
                }
                String inside = html.substring(i + 1, end);
                if (inside.startsWith("/")) {
                    String name = inside.substring(1).strip().toLowerCase(Locale.ROOT);
                    if (open.isEmpty()) {
                        throw error("Unexpected end tag at byte offset " + byteOffset(html, i));
                    }
                    Open top = open.pop();
                    if (!top.tag().equals(name)) {
                        throw error("Can't find end tag corresponding to start tag \"" + top.tag() + "\"");
                    }
                    close(top, out, entities, open);
                } else {
                    open.push(start(inside, out.length(), html, i, open));
                }
                i = end + 1;
            } else if (c == '&') {
                int end = html.indexOf(';', i);
                String decoded = end < 0 ? null : decode(html.substring(i + 1, end));
                if (decoded == null) {
                    out.append('&');
                    i++;
                } else {
                    out.append(decoded);
                    i = end + 1;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            throw error("Can't find end tag corresponding to start tag \"" + open.peek().tag() + "\"");
        }
        entities.sort(java.util.Comparator.comparingInt(Tg.MessageEntity::offset));
        return new Formatted(out.toString(), entities);
    }

    private static Open start(String inside, int position, String html, int at, Deque<Open> open) {
        int space = 0;
        while (space < inside.length() && !Character.isWhitespace(inside.charAt(space))) {
            space++;
        }
        String tag = inside.substring(0, space).toLowerCase(Locale.ROOT);
        String attributes = inside.substring(space);
        String type = switch (tag) {
            case "b", "strong" -> "bold";
            case "i", "em" -> "italic";
            case "u", "ins" -> "underline";
            case "s", "strike", "del" -> "strikethrough";
            case "tg-spoiler" -> "spoiler";
            case "span" -> "tg-spoiler".equals(attribute(attributes, "class")) ? "spoiler" : null;
            case "a" -> "text_link";
            case "code" -> "code";
            case "pre" -> "pre";
            case "blockquote" -> "blockquote";
            default -> null;
        };
        if (type == null) {
            throw error("Unsupported start tag \"" + tag + "\" at byte offset " + byteOffset(html, at));
        }
        String url = null;
        if (type.equals("text_link")) {
            url = attribute(attributes, "href");
            if (url == null || url.isBlank()) {
                throw error("Can't find href attribute of tag \"a\" at byte offset " + byteOffset(html, at));
            }
        }
        String language = null;
        if (type.equals("code") && !open.isEmpty() && open.peek().type().equals("pre")) {
            String cls = attribute(attributes, "class");
            if (cls != null && cls.startsWith("language-")) {
                language = cls.substring("language-".length());
            }
        }
        return new Open(tag, type, position, url, language);
    }

    private static void close(Open top, StringBuilder out, List<Tg.MessageEntity> entities, Deque<Open> open) {
        int length = out.length() - top.start();
        if (length == 0) {
            return;
        }
        if (top.type().equals("code") && !open.isEmpty() && open.peek().type().equals("pre")) {
            // <pre><code class="language-x">…</code></pre> is one pre entity with a language.
            Open pre = open.pop();
            open.push(new Open(pre.tag(), pre.type(), pre.start(), pre.url(), top.language()));
            return;
        }
        entities.add(Formatted.entity(top.type(), top.start(), length, top.url(), top.language()));
    }

    private static String attribute(String attributes, String name) {
        Matcher m = ATTRIBUTE.matcher(attributes);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(name)) {
                String raw = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
                return decodeAll(raw);
            }
        }
        return null;
    }

    private static String decodeAll(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int end = text.charAt(i) == '&' ? text.indexOf(';', i) : -1;
            String decoded = end < 0 ? null : decode(text.substring(i + 1, end));
            if (decoded != null) {
                out.append(decoded);
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private static String decode(String name) {
        switch (name) {
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "amp":
                return "&";
            case "quot":
                return "\"";
            default:
                break;
        }
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return Character.toString(Integer.parseInt(name.substring(2), 16));
            }
            if (name.startsWith("#")) {
                return Character.toString(Integer.parseInt(name.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    static int byteOffset(String text, int index) {
        return text.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
    }

    private static TelegramException error(String detail) {
        return TelegramException.badRequest("can't parse entities: " + detail);
    }
}
