package dev.parley.bench.xmpp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed XML element: its qualified name as written ({@code stream:features}), its attributes, its child
 * elements and its concatenated character data. Namespaces are kept as plain {@code xmlns} attributes because the
 * scenarios only need to recognise a handful of fixed stanzas.
 */
public record XmlElement(String name, Map<String, String> attributes, List<XmlElement> children, String text) {

    public XmlElement {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("element name must not be empty");
        }
        attributes = Map.copyOf(attributes);
        children = List.copyOf(children);
        text = text == null ? "" : text;
    }

    public Optional<String> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName));
    }

    public Optional<XmlElement> child(String childName) {
        for (XmlElement c : children) {
            if (c.name.equals(childName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Whether a direct child with that name exists. */
    public boolean has(String childName) {
        return child(childName).isPresent();
    }

    /**
     * Parses one complete element (a stanza as cut by {@link StanzaSplitter}). Comments and processing
     * instructions are skipped; CDATA sections and the five predefined entities plus numeric character
     * references are decoded.
     *
     * @throws XmlException when the text is not one well-formed element
     */
    public static XmlElement parse(String xml) {
        Parser p = new Parser(xml);
        p.skipMisc();
        XmlElement e = p.element();
        p.skipMisc();
        if (p.pos != xml.length()) {
            throw new XmlException("unexpected content after the root element at offset " + p.pos);
        }
        return e;
    }

    /** Thrown when a stanza is not well-formed enough for the scenarios to understand it. */
    public static final class XmlException extends RuntimeException {
        public XmlException(String message) {
            super(message);
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        XmlElement element() {
            expect('<');
            String name = name();
            Map<String, String> attributes = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                char c = peek();
                if (c == '/') {
                    pos++;
                    expect('>');
                    return new XmlElement(name, attributes, List.of(), "");
                }
                if (c == '>') {
                    pos++;
                    break;
                }
                String attributeName = name();
                skipSpace();
                expect('=');
                skipSpace();
                char quote = peek();
                if (quote != '"' && quote != '\'') {
                    throw new XmlException("attribute " + attributeName + " is not quoted at offset " + pos);
                }
                pos++;
                int end = s.indexOf(quote, pos);
                if (end < 0) {
                    throw new XmlException("unterminated attribute " + attributeName);
                }
                attributes.put(attributeName, Stanzas.unescape(s.substring(pos, end)));
                pos = end + 1;
            }
            List<XmlElement> children = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new XmlException("element " + name + " is not closed");
                }
                if (s.startsWith("</", pos)) {
                    pos += 2;
                    String closing = name();
                    if (!closing.equals(name)) {
                        throw new XmlException("expected </" + name + "> but found </" + closing + ">");
                    }
                    skipSpace();
                    expect('>');
                    return new XmlElement(name, attributes, children, text.toString());
                }
                if (s.startsWith("<![CDATA[", pos)) {
                    int end = indexOrFail("]]>", pos + 9);
                    text.append(s, pos + 9, end);
                    pos = end + 3;
                } else if (s.startsWith("<!--", pos) || s.startsWith("<?", pos)) {
                    skipMisc();
                } else if (peek() == '<') {
                    children.add(element());
                } else {
                    int end = s.indexOf('<', pos);
                    if (end < 0) {
                        throw new XmlException("element " + name + " is not closed");
                    }
                    text.append(Stanzas.unescape(s.substring(pos, end)));
                    pos = end;
                }
            }
        }

        void skipMisc() {
            while (true) {
                skipSpace();
                if (s.startsWith("<?", pos)) {
                    pos = indexOrFail("?>", pos) + 2;
                } else if (s.startsWith("<!--", pos)) {
                    pos = indexOrFail("-->", pos) + 3;
                } else {
                    return;
                }
            }
        }

        private int indexOrFail(String token, int from) {
            int i = s.indexOf(token, from);
            if (i < 0) {
                throw new XmlException("missing " + token);
            }
            return i;
        }

        private String name() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c) || c == '=' || c == '>' || c == '/' || c == '<') {
                    break;
                }
                pos++;
            }
            if (start == pos) {
                throw new XmlException("expected a name at offset " + start);
            }
            return s.substring(start, pos);
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw new XmlException("unexpected end of input");
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new XmlException("expected '" + c + "' at offset " + pos + " but found '" + s.charAt(pos) + "'");
            }
            pos++;
        }
    }
}
