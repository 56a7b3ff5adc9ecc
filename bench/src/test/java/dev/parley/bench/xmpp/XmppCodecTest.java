package dev.parley.bench.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmppCodecTest {

    private static final String SERVER_STREAM = "<?xml version='1.0'?>"
            + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='abc' from='bench.local' version='1.0'>"
            + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>"
            + " \n"
            + "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"
            + "<message from='bench1@bench.local/r' to='bench0@bench.local' type='chat' title=\"a > b\"><body>7 123&amp;&lt;é</body><!-- > ' --><x><![CDATA[<no tag>]]></x></message>"
            + "</stream:stream>";

    @Test
    void splitsAServerStreamIntoHeaderStanzasAndCloseWhateverTheChunking() {
        byte[] bytes = SERVER_STREAM.getBytes(StandardCharsets.UTF_8);
        List<StreamEvent> whole = new StanzaSplitter().feed(bytes, 0, bytes.length);
        for (int chunk = 1; chunk <= 7; chunk++) {
            // given the same stream delivered in reads of `chunk` bytes (splitting multi-byte characters too)
            StanzaSplitter splitter = new StanzaSplitter();
            List<StreamEvent> events = new ArrayList<>();
            for (int at = 0; at < bytes.length; at += chunk) {
                events.addAll(splitter.feed(bytes, at, Math.min(chunk, bytes.length - at)));
            }
            // then the events are those of a single read
            assertThat(events).as("chunk size %d", chunk).isEqualTo(whole);
        }
        assertThat(whole).hasSize(5);
        assertThat(whole.get(0)).isInstanceOfSatisfying(StreamEvent.StreamOpened.class,
                o -> assertThat(o.header().attribute("id")).contains("abc"));
        assertThat(whole.get(2)).isEqualTo(new StreamEvent.Stanza("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"));
        assertThat(whole.get(4)).isInstanceOf(StreamEvent.StreamClosed.class);
    }

    @Test
    void parsesAMessageStanzaWithEntitiesCommentsAndCdata() {
        StreamEvent.Stanza message = (StreamEvent.Stanza) new StanzaSplitter()
                .feed(SERVER_STREAM.getBytes(StandardCharsets.UTF_8), 0, SERVER_STREAM.getBytes(StandardCharsets.UTF_8).length)
                .get(3);

        XmlElement e = message.parse();

        assertThat(e.name()).isEqualTo("message");
        assertThat(e.attribute("from")).contains("bench1@bench.local/r");
        assertThat(e.attribute("title")).contains("a > b");
        assertThat(e.child("body").map(XmlElement::text)).contains("7 123&<é");
        assertThat(e.child("x").map(XmlElement::text)).contains("<no tag>");
    }

    @Test
    void parsesFeaturesToFindTheOfferedMechanisms() {
        XmlElement features = XmlElement.parse("<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                + "<mechanism>PLAIN</mechanism></mechanisms><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                + "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session></stream:features>");

        assertThat(features.child("mechanisms").orElseThrow().children()).extracting(XmlElement::text).containsExactly("PLAIN");
        assertThat(features.has("bind")).isTrue();
        assertThat(features.child("session").orElseThrow().has("required")).isFalse();
    }

    @Test
    void rejectsMismatchedClosingTagsNamingTheProblem() {
        assertThatThrownBy(() -> XmlElement.parse("<message><body>x</message>"))
                .isInstanceOf(XmlElement.XmlException.class)
                .hasMessageContaining("expected </body> but found </message>");
    }

    @Test
    void buildsSaslPlainAsBase64OfNulSeparatedCredentials() {
        // base64("\0bench0\0bench0")
        assertThat(Stanzas.authPlain("bench0", "bench0"))
                .isEqualTo("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGJlbmNoMABiZW5jaDA=</auth>");
    }

    @Test
    void buildsAChatMessageWithEscapedAttributesAndBody() {
        String stanza = Stanzas.chatMessage("b'1@bench.local", "m1", "1 < 2 & \"x\"");

        assertThat(stanza).isEqualTo("<message type='chat' to='b&apos;1@bench.local' id='m1'>"
                + "<body>1 &lt; 2 &amp; &quot;x&quot;</body></message>");
        XmlElement parsed = XmlElement.parse(stanza);
        assertThat(parsed.attribute("to")).contains("b'1@bench.local");
        assertThat(parsed.child("body").map(XmlElement::text)).contains("1 < 2 & \"x\"");
    }

    @Test
    void buildsTheResourceBindRequest() {
        assertThat(Stanzas.bind("bind", "bench")).isEqualTo("<iq type='set' id='bind'>"
                + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>bench</resource></bind></iq>");
        assertThat(Stanzas.streamOpen("bench.local")).isEqualTo("<?xml version='1.0'?><stream:stream to='bench.local' "
                + "version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
    }

    @Test
    void aResetSplitterAcceptsTheNewStreamHeaderAfterSaslSuccess() {
        StanzaSplitter splitter = new StanzaSplitter();
        byte[] first = "<stream:stream id='1'><success/>".getBytes(StandardCharsets.UTF_8);
        assertThat(splitter.feed(first, 0, first.length)).hasSize(2);

        splitter.reset();
        byte[] second = "<stream:stream id='2'><stream:features/>".getBytes(StandardCharsets.UTF_8);
        List<StreamEvent> events = splitter.feed(second, 0, second.length);

        assertThat(events.get(0)).isInstanceOfSatisfying(StreamEvent.StreamOpened.class,
                o -> assertThat(o.header().attribute("id")).contains("2"));
        assertThat(events.get(1)).isEqualTo(new StreamEvent.Stanza("<stream:features/>"));
    }
}
