package dev.parley.protocol.mls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.mls.MlsFraming.ContentType;
import dev.parley.protocol.mls.MlsFraming.WireFormat;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MlsFramingParserTest {
    private static final HexFormat HEX = HexFormat.of();

    /** mls10, private_message, group_id<V> = "abc", epoch 7, commit, then opaque rest. */
    private static byte[] privateMessage(byte[] groupId, long epoch, int contentType) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(HEX.parseHex("00010002"));
        out.write(groupId.length);
        out.writeBytes(groupId);
        for (int i = 7; i >= 0; i--) {
            out.write((int) (epoch >>> (8 * i)) & 0xff);
        }
        out.write(contentType);
        out.writeBytes(HEX.parseHex("00" + "0102")); // authenticated_data<V> empty, then ciphertext bytes
        return out.toByteArray();
    }

    @Test
    void aPrivateMessageYieldsGroupEpochAndContentType() throws MlsFramingException {
        MlsFraming f = MlsFramingParser.parse(privateMessage("abc".getBytes(), 7, 3));

        assertThat(f).isEqualTo(new MlsFraming(WireFormat.PRIVATE_MESSAGE, "abc".getBytes(), 7,
                Optional.of(ContentType.COMMIT)));
        assertThat(f.isHandshake()).isTrue();
    }

    @Test
    void aPublicMessageSkipsTheSenderAndAuthenticatedData() throws MlsFramingException {
        // mls10, public_message, group_id "g", epoch 1, sender member leaf 5, authenticated_data "xy", proposal
        byte[] msg = HEX.parseHex("00010001" + "0167" + "0000000000000001" + "01" + "00000005" + "027879" + "02"
                + "ffff");

        MlsFraming f = MlsFramingParser.parse(msg);

        assertThat(f.wireFormat()).isEqualTo(WireFormat.PUBLIC_MESSAGE);
        assertThat(f.groupId()).isEqualTo("g".getBytes());
        assertThat(f.epoch()).isEqualTo(1);
        assertThat(f.contentType()).contains(ContentType.PROPOSAL);
    }

    @Test
    void twoByteVarintLengthsAreDecoded() throws MlsFramingException {
        byte[] groupId = new byte[100];
        var out = new ByteArrayOutputStream();
        out.writeBytes(HEX.parseHex("00010002" + "4064"));
        out.writeBytes(groupId);
        out.writeBytes(HEX.parseHex("0000000000000009" + "01"));

        MlsFraming f = MlsFramingParser.parse(out.toByteArray());

        assertThat(f.groupId()).hasSize(100);
        assertThat(f.epoch()).isEqualTo(9);
        assertThat(f.isHandshake()).isFalse();
    }

    @Test
    void welcomesAndKeyPackagesHaveNoGroupFraming() throws MlsFramingException {
        assertThat(MlsFramingParser.parse(HEX.parseHex("00010003" + "0001")).contentType()).isEmpty();
        assertThat(MlsFramingParser.parse(HEX.parseHex("00010005")).wireFormat()).isEqualTo(WireFormat.KEY_PACKAGE);
    }

    @Test
    void everyTruncationIsATypedError() {
        byte[] full = privateMessage("abc".getBytes(), 7, 3);
        int framingLength = 4 + 1 + 3 + 8 + 1;
        for (int length = 0; length < framingLength; length++) {
            byte[] cut = java.util.Arrays.copyOf(full, length);
            assertThatThrownBy(() -> MlsFramingParser.parse(cut)).as("length " + length)
                    .isInstanceOf(MlsFramingException.class);
        }
    }

    @Test
    void malformedFieldsAreRejected() {
        String[] bad = {
            "00020002", // version mls20
            "00010009", // unknown wire format
            "00010002" + "c0", // varint prefix 0b11
            "00010002" + "4001" + "00", // non-minimal varint
            "00010002" + "0161" + "0000000000000001" + "07", // unknown content type
            "00010001" + "0161" + "0000000000000001" + "09", // unknown sender type
            "00010002" + "0161" + "8000000000000000" + "01", // epoch beyond 2^63-1
            "00010002" + "4101", // group id longer than 256 bytes (257)
        };
        for (String hex : bad) {
            assertThatThrownBy(() -> MlsFramingParser.parse(HEX.parseHex(hex))).as(hex)
                    .isInstanceOf(MlsFramingException.class);
        }
        assertThatThrownBy(() -> MlsFramingParser.parse(null)).isInstanceOf(MlsFramingException.class);
    }
}
