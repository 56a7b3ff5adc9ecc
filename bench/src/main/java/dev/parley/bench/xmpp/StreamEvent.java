package dev.parley.bench.xmpp;

/** What {@link StanzaSplitter} finds in the inbound byte stream. */
public sealed interface StreamEvent {

    /** The server's {@code <stream:stream …>} header, parsed as an empty element. */
    record StreamOpened(XmlElement header) implements StreamEvent {
    }

    /** One complete top-level stanza or nonza ({@code <message/>}, {@code <stream:features/>}, {@code <success/>} …). */
    record Stanza(String xml) implements StreamEvent {
        public XmlElement parse() {
            return XmlElement.parse(xml);
        }
    }

    /** The server closed the stream with {@code </stream:stream>}. */
    record StreamClosed() implements StreamEvent {
    }
}
