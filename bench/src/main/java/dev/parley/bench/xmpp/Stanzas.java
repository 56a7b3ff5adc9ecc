package dev.parley.bench.xmpp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds the few client-to-server stanzas the scenarios send, as UTF-8 text. */
public final class Stanzas {

    private Stanzas() {
    }

    public static String streamOpen(String domain) {
        return "<?xml version='1.0'?><stream:stream to='" + escape(domain)
                + "' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
    }

    public static String streamClose() {
        return "</stream:stream>";
    }

    /** SASL PLAIN (RFC 4616) initial response: authzid empty, then authcid and password, NUL-separated. */
    public static String authPlain(String username, String password) {
        String response = "\0" + username + "\0" + password;
        String encoded = Base64.getEncoder().encodeToString(response.getBytes(StandardCharsets.UTF_8));
        return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + encoded + "</auth>";
    }

    public static String bind(String id, String resource) {
        return "<iq type='set' id='" + escape(id) + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
                + escape(resource) + "</resource></bind></iq>";
    }

    /** The legacy RFC 3921 session request; only sent when a server marks it as required. */
    public static String session(String id) {
        return "<iq type='set' id='" + escape(id) + "'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>";
    }

    /** Initial available presence: without it, servers route messages for the bare JID to offline storage. */
    public static String presence() {
        return "<presence/>";
    }

    public static String chatMessage(String to, String id, String body) {
        return "<message type='chat' to='" + escape(to) + "' id='" + escape(id) + "'><body>" + escape(body)
                + "</body></message>";
    }

    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '\'' -> "&apos;";
                case '"' -> "&quot;";
                default -> null;
            };
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Decodes the five predefined entities and numeric character references. */
    public static String unescape(String text) {
        int amp = text.indexOf('&');
        if (amp < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, amp);
        int i = amp;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int semi = text.indexOf(';', i);
            if (semi < 0) {
                throw new XmlElement.XmlException("unterminated entity at offset " + i);
            }
            String entity = text.substring(i + 1, semi);
            switch (entity) {
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "amp" -> out.append('&');
                case "apos" -> out.append('\'');
                case "quot" -> out.append('"');
                default -> out.appendCodePoint(characterReference(entity));
            }
            i = semi + 1;
        }
        return out.toString();
    }

    private static int characterReference(String entity) {
        try {
            if (entity.startsWith("#x")) {
                return Integer.parseInt(entity.substring(2), 16);
            }
            if (entity.startsWith("#")) {
                return Integer.parseInt(entity.substring(1));
            }
        } catch (NumberFormatException e) {
            throw new XmlElement.XmlException("bad character reference &" + entity + ";");
        }
        throw new XmlElement.XmlException("unknown entity &" + entity + ";");
    }
}
