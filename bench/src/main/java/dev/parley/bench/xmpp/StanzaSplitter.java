package dev.parley.bench.xmpp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts an inbound XMPP byte stream into the stream header, top-level stanzas and the stream close, without
 * building a DOM for the never-ending {@code <stream:stream>} root. Works on UTF-8 bytes: every byte it looks at
 * ({@code < > / ! ? " '}) is ASCII, so multi-byte characters pass through untouched. Not thread-safe: one per
 * connection, fed from that connection's event loop.
 */
public final class StanzaSplitter {

    /** A stanza larger than this is treated as a protocol violation, bounding the buffer per connection. */
    static final int MAX_STANZA_BYTES = 1 << 20;

    private byte[] buf = new byte[256];
    private int len;
    private int scan;
    private int tagStart = -1;
    private int unitStart = -1;
    private byte quote;
    private int depth;

    /** Forgets the current stream, as XMPP requires after SASL success: the server then sends a new header. */
    public void reset() {
        len = 0;
        scan = 0;
        tagStart = -1;
        unitStart = -1;
        quote = 0;
        depth = 0;
    }

    /** Appends bytes and returns every event they complete, in order. */
    public List<StreamEvent> feed(byte[] data, int offset, int length) {
        ensureCapacity(len + length);
        System.arraycopy(data, offset, buf, len, length);
        len += length;
        List<StreamEvent> events = new ArrayList<>(2);
        while (scan < len) {
            if (tagStart < 0) {
                if (buf[scan] == '<') {
                    tagStart = scan;
                    quote = 0;
                }
                scan++;
                continue;
            }
            if (scan - tagStart >= 1 && buf[tagStart + 1] == '!') {
                // Comments and CDATA may contain quotes and '>' freely: skip to their terminator instead.
                int end = specialEnd();
                if (end < 0) {
                    scan = len;
                    break;
                }
                scan = end;
                tagStart = -1;
                continue;
            }
            byte b = buf[scan];
            if (b == '"' || b == '\'') {
                if (quote == 0) {
                    quote = b;
                } else if (quote == b) {
                    quote = 0;
                }
            } else if (b == '>' && quote == 0) {
                tagEnded(events);
            }
            scan++;
        }
        compact();
        return events;
    }

    private void tagEnded(List<StreamEvent> events) {
        int start = tagStart;
        tagStart = -1;
        byte second = buf[start + 1];
        if (second == '?') {
            return;
        }
        if (second == '/') {
            depth--;
            if (depth == 1) {
                events.add(new StreamEvent.Stanza(text(unitStart, scan + 1)));
                unitStart = -1;
            } else if (depth == 0) {
                events.add(new StreamEvent.StreamClosed());
            } else if (depth < 0) {
                throw new XmlElement.XmlException("closing tag without an open element");
            }
            return;
        }
        boolean selfClosing = buf[scan - 1] == '/';
        if (depth == 0) {
            if (selfClosing) {
                throw new XmlElement.XmlException("the stream header must not be self-closing");
            }
            // Parse the header as an empty element so its attributes (id, from, version) are available.
            String header = text(start, scan) + "/>";
            events.add(new StreamEvent.StreamOpened(XmlElement.parse(header)));
            depth = 1;
            return;
        }
        if (depth == 1) {
            if (selfClosing) {
                events.add(new StreamEvent.Stanza(text(start, scan + 1)));
                return;
            }
            unitStart = start;
        }
        if (!selfClosing) {
            depth++;
        }
    }

    /** Index just past the comment or CDATA terminator starting at tagStart, or -1 when more bytes are needed. */
    private int specialEnd() {
        if (startsWith(tagStart, "<!--")) {
            int i = indexOf("-->", tagStart + 4);
            return i < 0 ? -1 : i + 3;
        }
        if (startsWith(tagStart, "<![CDATA[")) {
            int i = indexOf("]]>", tagStart + 9);
            return i < 0 ? -1 : i + 3;
        }
        if (len - tagStart < 9) {
            return -1;
        }
        throw new XmlElement.XmlException("DOCTYPE and other declarations are not allowed in XMPP");
    }

    private boolean startsWith(int at, String token) {
        if (len - at < token.length()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (buf[at + i] != token.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(String token, int from) {
        for (int i = from; i <= len - token.length(); i++) {
            if (startsWith(i, token)) {
                return i;
            }
        }
        return -1;
    }

    private String text(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    private void compact() {
        int keep = scan;
        if (tagStart >= 0) {
            keep = Math.min(keep, tagStart);
        }
        if (unitStart >= 0) {
            keep = Math.min(keep, unitStart);
        }
        if (keep == 0) {
            if (len > MAX_STANZA_BYTES) {
                throw new XmlElement.XmlException("stanza larger than " + MAX_STANZA_BYTES + " bytes");
            }
            return;
        }
        System.arraycopy(buf, keep, buf, 0, len - keep);
        len -= keep;
        scan -= keep;
        if (tagStart >= 0) {
            tagStart -= keep;
        }
        if (unitStart >= 0) {
            unitStart -= keep;
        }
        if (len > MAX_STANZA_BYTES) {
            throw new XmlElement.XmlException("stanza larger than " + MAX_STANZA_BYTES + " bytes");
        }
        // Idle connections keep only a small buffer: shrink after a large stanza has passed.
        if (len == 0 && buf.length > 4096) {
            buf = new byte[256];
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
        }
    }
}
