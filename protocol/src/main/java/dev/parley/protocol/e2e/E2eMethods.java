package dev.parley.protocol.e2e;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fields;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Params and results of the {@code e2e.*} methods: the MLS delivery service (docs/protocol/e2e.md). Binary values
 * (keys, key packages, MLS messages) travel as standard base64 with padding; the records check that they decode and
 * fit the limits below, so the server and the SDK reject the same inputs with the same codes.
 */
public final class E2eMethods {
    private E2eMethods() {}

    public static final String REGISTER_DEVICE = "e2e.registerDevice";
    public static final String GET_DEVICES = "e2e.getDevices";
    public static final String UPLOAD_KEY_PACKAGES = "e2e.uploadKeyPackages";
    public static final String COUNT_KEY_PACKAGES = "e2e.countKeyPackages";
    public static final String CLAIM_KEY_PACKAGES = "e2e.claimKeyPackages";
    public static final String GET_GROUP = "e2e.getGroup";
    public static final String SEND_HANDSHAKE = "e2e.sendHandshake";
    public static final String SEND_MESSAGE = "e2e.sendMessage";
    public static final String GET_WELCOMES = "e2e.getWelcomes";
    public static final String SET_TIMER = "e2e.setTimer";

    /** A raw Ed25519 public key. */
    public static final int IDENTITY_KEY_BYTES = 32;
    public static final int KEY_PACKAGE_MAX_BYTES = 4 * 1024;
    public static final int KEY_PACKAGES_PER_UPLOAD = 100;
    /** Handshakes, welcomes and application messages; base64 of this still fits one frame. */
    public static final int MLS_MESSAGE_MAX_BYTES = 40 * 1024;
    public static final int USERS_MAX = 100;
    public static final int DEVICES_MAX = 200;
    public static final int TIMER_MAX_SECONDS = 365 * 24 * 3600;

    /** Decodes a required base64 field of at most {@code max} bytes (never empty). */
    public static byte[] bytes(String value, String field, int max, ErrorCode tooLarge) {
        Fields.require(value, field);
        if (value.length() > (max + 2) / 3 * 4) {
            throw new ParleyException(tooLarge, "field '" + field + "': at most " + max + " bytes");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ParleyException.badRequest("field '" + field + "': not base64");
        }
        if (decoded.length == 0) {
            throw ParleyException.badRequest("field '" + field + "': empty");
        }
        return decoded;
    }

    static byte[] mlsMessage(String value, String field) {
        return bytes(value, field, MLS_MESSAGE_MAX_BYTES, ErrorCode.MLS_MESSAGE_TOO_LARGE);
    }

    static List<Long> ids(List<Long> values, String field, int min, int max) {
        List<Long> list = values == null ? List.of() : values;
        if (list.size() < min || list.size() > max) {
            throw ParleyException.badRequest("field '" + field + "': " + min + "–" + max + " ids");
        }
        LinkedHashSet<Long> distinct = new LinkedHashSet<>();
        for (Long id : list) {
            distinct.add(Fields.positiveId(id, field + "[]"));
        }
        return List.copyOf(distinct);
    }

    static long validRandomId(Long value) {
        Fields.require(value, "randomId");
        if (value == 0 || Math.abs(value) > Limits.MAX_SAFE_INTEGER) {
            throw ParleyException.badRequest("field 'randomId': must be a non-zero integer within ±2^53");
        }
        return value;
    }

    // ---- device directory ----

    /** Registers this session's device key; the server assigns the device id and builds the credential. */
    public record RegisterDevice(String identityKey) {
        public RegisterDevice {
            byte[] key = bytes(identityKey, "identityKey", IDENTITY_KEY_BYTES, ErrorCode.IDENTITY_KEY_INVALID);
            if (key.length != IDENTITY_KEY_BYTES) {
                throw new ParleyException(ErrorCode.IDENTITY_KEY_INVALID,
                        "field 'identityKey': an Ed25519 public key has " + IDENTITY_KEY_BYTES + " bytes");
            }
        }
    }

    /**
     * The device id of this session's device, the 49-byte MLS credential identity (version 1, userId, deviceId, key;
     * base64) the device must put in its key packages, and the key's version (1 for the first key, +1 per change).
     */
    public record DeviceRegistered(long deviceId, String credential, int keyVersion) {}

    public record GetDevices(List<Long> userIds) {
        public GetDevices {
            userIds = ids(userIds, "userIds", 1, USERS_MAX);
        }
    }

    public record Device(long deviceId, String identityKey, String credential, int keyVersion, long registeredAt) {}

    /**
     * A user's current devices and when their device set or keys last changed (0: never registered); a client that
     * saw an older keyChangedAt shows a safety-number change.
     */
    public record UserDevices(long userId, List<Device> devices, long keyChangedAt) {}

    public record Devices(List<UserDevices> users) {}

    // ---- key packages ----

    /** Adds key packages (MLSMessage-encoded) for one of the caller's devices; {@code lastResort} replaces it. */
    public record UploadKeyPackages(Long deviceId, List<String> keyPackages, String lastResort) {
        public UploadKeyPackages {
            Fields.positiveId(deviceId, "deviceId");
            keyPackages = keyPackages == null ? List.of() : List.copyOf(keyPackages);
            if (keyPackages.size() > KEY_PACKAGES_PER_UPLOAD) {
                throw new ParleyException(ErrorCode.KEY_PACKAGE_LIMIT_REACHED,
                        "field 'keyPackages': at most " + KEY_PACKAGES_PER_UPLOAD + " per upload");
            }
            if (keyPackages.isEmpty() && lastResort == null) {
                throw ParleyException.badRequest("field 'keyPackages': nothing to upload");
            }
            for (String kp : keyPackages) {
                bytes(kp, "keyPackages[]", KEY_PACKAGE_MAX_BYTES, ErrorCode.MLS_MESSAGE_TOO_LARGE);
            }
            if (lastResort != null) {
                bytes(lastResort, "lastResort", KEY_PACKAGE_MAX_BYTES, ErrorCode.MLS_MESSAGE_TOO_LARGE);
            }
        }
    }

    public record CountKeyPackages(Long deviceId) {
        public CountKeyPackages {
            Fields.positiveId(deviceId, "deviceId");
        }
    }

    /** Unclaimed one-time packages of the device, and whether it has a last-resort package. */
    public record KeyPackageCount(long deviceId, int count, boolean lastResort) {}

    /**
     * One key package per current device of each user, to add them to the chat's MLS group (the caller's own other
     * devices included when the caller lists itself; the calling device never).
     */
    public record ClaimKeyPackages(Long chatId, List<Long> userIds) {
        public ClaimKeyPackages {
            Fields.positiveId(chatId, "chatId");
            userIds = ids(userIds, "userIds", 1, USERS_MAX);
        }
    }

    public record ClaimedKeyPackage(long userId, long deviceId, String keyPackage, boolean lastResort) {}

    /** Devices with neither a one-time nor a last-resort package are absent. */
    public record ClaimedKeyPackages(List<ClaimedKeyPackage> keyPackages) {}

    // ---- groups, handshakes, messages ----

    public record GetGroup(Long chatId) {
        public GetGroup {
            Fields.positiveId(chatId, "chatId");
        }
    }

    /** The chat's MLS group: its id (base64, assigned by the server), the current epoch and the timer. */
    public record Group(long chatId, String groupId, long epoch, int timerSeconds) {}

    /** A Welcome (MLSMessage, wire format mls_welcome) and the devices it is for. */
    public record Welcome(String message, List<Long> deviceIds) {
        public Welcome {
            mlsMessage(message, "welcome.message");
            deviceIds = ids(deviceIds, "welcome.deviceIds", 1, DEVICES_MAX);
        }
    }

    /**
     * A proposal or commit for the chat's group. In a group, a commit that adds or removes people names them in
     * {@code addUserIds} / {@code removeUserIds}: the membership changes only if the commit is accepted.
     */
    public record SendHandshake(Long chatId, String message, Welcome welcome, Long randomId, List<Long> addUserIds,
            List<Long> removeUserIds) {
        public SendHandshake {
            Fields.positiveId(chatId, "chatId");
            mlsMessage(message, "message");
            validRandomId(randomId);
            addUserIds = ids(addUserIds, "addUserIds", 0, USERS_MAX);
            removeUserIds = ids(removeUserIds, "removeUserIds", 0, USERS_MAX);
            if (addUserIds.stream().anyMatch(removeUserIds::contains)) {
                throw ParleyException.badRequest("field 'removeUserIds': a user cannot be added and removed at once");
            }
        }

        public byte[] messageBytes() {
            return Base64.getDecoder().decode(message);
        }
    }

    /** The accepted handshake: its chat event number, the group's epoch now, and the caller's pts. */
    public record HandshakeAccepted(long chatId, long seq, long epoch, long pts) {}

    /** An MLS application message; the result is {@code messages.send}'s {@code {message, pts}}. */
    public record SendMessage(Long chatId, String ciphertext, Long randomId) {
        public SendMessage {
            Fields.positiveId(chatId, "chatId");
            mlsMessage(ciphertext, "ciphertext");
            validRandomId(randomId);
        }

        public byte[] ciphertextBytes() {
            return Base64.getDecoder().decode(ciphertext);
        }
    }

    public record GetWelcomes(Long deviceId) {
        public GetWelcomes {
            Fields.positiveId(deviceId, "deviceId");
        }
    }

    public record PendingWelcome(long welcomeId, long chatId, long epoch, String message, long date) {}

    public record Welcomes(List<PendingWelcome> welcomes) {}

    public record SetTimer(Long chatId, Integer seconds) {
        public SetTimer {
            Fields.positiveId(chatId, "chatId");
            Fields.require(seconds, "seconds");
            Fields.range(seconds, "seconds", 0, TIMER_MAX_SECONDS, 0);
        }
    }
}
