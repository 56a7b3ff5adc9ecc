package dev.parley.protocol.mls;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The cleartext framing of one MLSMessage. Group id, epoch and content type are present only for
 * {@link WireFormat#PUBLIC_MESSAGE} and {@link WireFormat#PRIVATE_MESSAGE} (a Welcome, GroupInfo or KeyPackage is
 * not addressed to a group epoch in the clear).
 *
 * @param wireFormat the message's wire format
 * @param groupId the group id, empty for messages without group framing
 * @param epoch the epoch the message belongs to, or -1 for messages without group framing
 * @param contentType the content type, empty for messages without group framing
 */
public record MlsFraming(WireFormat wireFormat, byte[] groupId, long epoch, Optional<ContentType> contentType) {

    /** RFC 9420 §6 WireFormat values. */
    public enum WireFormat {
        PUBLIC_MESSAGE(1), PRIVATE_MESSAGE(2), WELCOME(3), GROUP_INFO(4), KEY_PACKAGE(5);

        private final int code;

        WireFormat(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Optional<WireFormat> of(int code) {
            return Arrays.stream(values()).filter(w -> w.code == code).findFirst();
        }
    }

    /** RFC 9420 §6 ContentType values. */
    public enum ContentType {
        APPLICATION(1), PROPOSAL(2), COMMIT(3);

        private final int code;

        ContentType(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Optional<ContentType> of(int code) {
            return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
        }
    }

    public MlsFraming {
        Objects.requireNonNull(wireFormat, "wireFormat");
        Objects.requireNonNull(contentType, "contentType");
        groupId = Objects.requireNonNull(groupId, "groupId").clone();
    }

    @Override
    public byte[] groupId() {
        return groupId.clone();
    }

    /** True for the messages the delivery service must order per group epoch (proposals and commits). */
    public boolean isHandshake() {
        return contentType.filter(c -> c != ContentType.APPLICATION).isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlsFraming(var w, var g, var e, var c)
                && w == wireFormat && Arrays.equals(g, groupId) && e == epoch && c.equals(contentType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(wireFormat, Arrays.hashCode(groupId), epoch, contentType);
    }

    @Override
    public String toString() {
        return "MlsFraming[" + wireFormat + ", group=" + HexFormat.of().formatHex(groupId) + ", epoch=" + epoch
                + ", " + contentType.map(Enum::name).orElse("-") + "]";
    }
}
