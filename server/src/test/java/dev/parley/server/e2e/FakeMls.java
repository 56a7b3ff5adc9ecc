package dev.parley.server.e2e;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * MLS messages with a real cleartext framing (RFC 9420 §6) and random bytes where the encrypted content would be:
 * all the delivery service reads. The real MLS conversation through the server runs in the client module's tests.
 */
final class FakeMls {
    static final int APPLICATION = 1;
    static final int PROPOSAL = 2;
    static final int COMMIT = 3;

    private FakeMls() {}

    /** mls10, private_message, group_id, epoch, content_type, authenticated_data (empty), then opaque bytes. */
    static String privateMessage(String groupIdBase64, long epoch, int contentType, int bodyBytes) {
        byte[] groupId = Base64.getDecoder().decode(groupIdBase64);
        var out = new ByteArrayOutputStream();
        out.writeBytes(HexFormat.of().parseHex("00010002"));
        out.write(groupId.length);
        out.writeBytes(groupId);
        for (int i = 7; i >= 0; i--) {
            out.write((int) (epoch >>> (8 * i)) & 0xff);
        }
        out.write(contentType);
        out.write(0);
        out.writeBytes(random(bodyBytes));
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String commit(String groupId, long epoch) {
        return privateMessage(groupId, epoch, COMMIT, 200);
    }

    static String proposal(String groupId, long epoch) {
        return privateMessage(groupId, epoch, PROPOSAL, 120);
    }

    static String application(String groupId, long epoch) {
        return privateMessage(groupId, epoch, APPLICATION, 80);
    }

    static String keyPackage() {
        return withWireFormat(5, 300);
    }

    static String welcome() {
        return withWireFormat(3, 500);
    }

    private static String withWireFormat(int wireFormat, int bodyBytes) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 1, 0, (byte) wireFormat});
        out.writeBytes(random(bodyBytes));
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static byte[] random(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    static String identityKey() {
        return Base64.getEncoder().encodeToString(random(32));
    }
}
