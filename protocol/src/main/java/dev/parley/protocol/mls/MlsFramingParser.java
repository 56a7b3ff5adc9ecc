package dev.parley.protocol.mls;

import dev.parley.protocol.mls.MlsFraming.ContentType;
import dev.parley.protocol.mls.MlsFraming.WireFormat;
import java.util.Optional;

/**
 * Reads the cleartext framing of an MLSMessage (RFC 9420 §6):
 *
 * <pre>
 * struct { ProtocolVersion version = mls10(1); WireFormat wire_format; select (wire_format) {…} } MLSMessage;
 * PublicMessage:  FramedContent { opaque group_id&lt;V&gt;; uint64 epoch; Sender sender;
 *                                 opaque authenticated_data&lt;V&gt;; ContentType content_type; … } …
 * PrivateMessage: opaque group_id&lt;V&gt;; uint64 epoch; ContentType content_type; …
 * </pre>
 *
 * Only the prefix is read; the rest (ciphertext, signatures) is not validated here. Every read is bounds-checked
 * and variable-length integers must use the minimal encoding (RFC 9420 §2.1.2), so a hostile message yields a
 * {@link MlsFramingException}, never an index error. Stateless and thread-safe.
 */
public final class MlsFramingParser {
    private static final int MLS10 = 1;
    /** A group id longer than this is rejected: MLS allows 2^30 bytes, no sane delivery service should. */
    public static final int MAX_GROUP_ID_LENGTH = 256;

    private MlsFramingParser() {}

    public static MlsFraming parse(byte[] message) throws MlsFramingException {
        if (message == null) {
            throw new MlsFramingException("message is missing");
        }
        var in = new Reader(message);
        int version = in.uint16();
        if (version != MLS10) {
            throw new MlsFramingException("unsupported protocol version " + version);
        }
        int wireCode = in.uint16();
        WireFormat wire = WireFormat.of(wireCode)
                .orElseThrow(() -> new MlsFramingException("unknown wire format " + wireCode));
        return switch (wire) {
            case PUBLIC_MESSAGE -> {
                byte[] groupId = groupId(in);
                long epoch = in.uint64();
                skipSender(in);
                in.skip(in.varint()); // authenticated_data
                yield new MlsFraming(wire, groupId, epoch, Optional.of(contentType(in)));
            }
            case PRIVATE_MESSAGE -> {
                byte[] groupId = groupId(in);
                long epoch = in.uint64();
                yield new MlsFraming(wire, groupId, epoch, Optional.of(contentType(in)));
            }
            case WELCOME, GROUP_INFO, KEY_PACKAGE -> new MlsFraming(wire, new byte[0], -1, Optional.empty());
        };
    }

    private static byte[] groupId(Reader in) throws MlsFramingException {
        int length = in.varint();
        if (length > MAX_GROUP_ID_LENGTH) {
            throw new MlsFramingException("group id of " + length + " bytes exceeds " + MAX_GROUP_ID_LENGTH);
        }
        return in.bytes(length);
    }

    private static ContentType contentType(Reader in) throws MlsFramingException {
        int code = in.uint8();
        return ContentType.of(code).orElseThrow(() -> new MlsFramingException("unknown content type " + code));
    }

    /** Sender: uint8 sender_type; member(1) and external(2) carry a uint32 index, new_member_* carry nothing. */
    private static void skipSender(Reader in) throws MlsFramingException {
        int type = in.uint8();
        switch (type) {
            case 1, 2 -> in.skip(4);
            case 3, 4 -> { }
            default -> throw new MlsFramingException("unknown sender type " + type);
        }
    }

    /** Bounds-checked big-endian reader over a byte array. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        private void need(int n) throws MlsFramingException {
            if (n < 0 || data.length - pos < n) {
                throw new MlsFramingException("truncated message: need " + n + " bytes at offset " + pos
                        + " of " + data.length);
            }
        }

        int uint8() throws MlsFramingException {
            need(1);
            return data[pos++] & 0xff;
        }

        int uint16() throws MlsFramingException {
            need(2);
            int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
            pos += 2;
            return v;
        }

        long uint64() throws MlsFramingException {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (data[pos + i] & 0xff);
            }
            pos += 8;
            if (v < 0) {
                throw new MlsFramingException("epoch beyond 2^63-1");
            }
            return v;
        }

        /** RFC 9420 §2.1.2: the two top bits give the length (1, 2 or 4 bytes); 0b11 is invalid. */
        int varint() throws MlsFramingException {
            need(1);
            int prefix = (data[pos] & 0xff) >>> 6;
            int length = 1 << prefix;
            if (length == 8) {
                throw new MlsFramingException("invalid variable-length integer prefix");
            }
            need(length);
            long v = data[pos] & 0x3f;
            for (int i = 1; i < length; i++) {
                v = (v << 8) | (data[pos + i] & 0xff);
            }
            pos += length;
            long minimum = length == 1 ? 0 : length == 2 ? 64 : 16384;
            if (v < minimum) {
                throw new MlsFramingException("variable-length integer not minimally encoded");
            }
            return (int) v;
        }

        byte[] bytes(int n) throws MlsFramingException {
            need(n);
            byte[] out = new byte[n];
            System.arraycopy(data, pos, out, 0, n);
            pos += n;
            return out;
        }

        void skip(int n) throws MlsFramingException {
            need(n);
            pos += n;
        }
    }
}
