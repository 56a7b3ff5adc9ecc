/**
 * XMPP mode of the load generator, used to run Parley's {@code messaging}, {@code idle} and {@code startup}
 * scenarios against ejabberd and Prosody (issue 10, {@code bench/peers/}).
 *
 * <p>The client is a deliberately small XMPP-over-TCP implementation on Netty: stream header, SASL PLAIN,
 * resource bind, initial presence, {@code <message>} send and receipt; no TLS, roster, stream management or
 * service discovery. It parses only what the scenarios need ({@link dev.parley.bench.xmpp.StanzaSplitter} cuts the
 * stream into top-level stanzas, {@link dev.parley.bench.xmpp.XmlElement} parses one stanza), so that the generator
 * spends its CPU on the servers under test rather than on XML. Owns no server state; results go to
 * {@code bench/results/}.
 */
package dev.parley.bench.xmpp;
