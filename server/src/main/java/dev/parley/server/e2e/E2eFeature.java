package dev.parley.server.e2e;

import dev.parley.protocol.JsonCodec;
import dev.parley.server.account.AccountErasure;
import dev.parley.server.db.Database;
import dev.parley.server.db.IdGenerator;
import dev.parley.server.gateway.Method;
import dev.parley.server.message.MessagingFeature;
import dev.parley.server.sync.Housekeeping;
import dev.parley.server.sync.LogRenderer;
import dev.parley.server.sync.SyncSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MLS delivery service composed from its parts. Built in two steps because it plugs into the messaging core:
 * {@link Parts} first (whose {@link Parts#extensions} go into {@link MessagingFeature}), then this feature with the
 * built messaging core. Owns the housekeeping that expires disappearing messages and
 * old welcomes and handshakes.
 */
public final class E2eFeature implements AutoCloseable {
    public final DeviceService devices;
    public final DeliveryService delivery;
    private final DeviceStore deviceStore;
    private final GroupStore groupStore;
    private final List<Method<?, ?>> methods;
    private final Housekeeping housekeeping;

    /** The stores, which exist before the messaging core does (its extensions need them). */
    public static final class Parts {
        private final DeviceStore deviceStore = new DeviceStore();
        private final GroupStore groupStore = new GroupStore();
        private final JsonCodec codec;

        public Parts(JsonCodec codec) {
            this.codec = codec;
        }

        /** What the messaging core must know about this feature: the renderer of its log kinds, its chat eraser. */
        public MessagingFeature.Extensions extensions() {
            LogRenderer renderer = new E2eLogRenderer(groupStore, codec);
            Map<String, LogRenderer> renderers = new HashMap<>();
            E2eKinds.LOG_KINDS.forEach(kind -> renderers.put(kind, renderer));
            return new MessagingFeature.Extensions(renderers, List.of(groupStore::deleteChat));
        }
    }

    public E2eFeature(Parts parts, Database database, MessagingFeature messaging, LiveSessions sessions,
            IdGenerator ids, SyncSettings settings, SecureRandom random, Clock clock) {
        this.deviceStore = parts.deviceStore;
        this.groupStore = parts.groupStore;
        devices = new DeviceService(database, deviceStore, messaging.chats, messaging.contacts, sessions,
                messaging.log, ids, parts.codec, clock);
        delivery = new DeliveryService(database, groupStore, devices, messaging.chats, messaging.messages,
                messaging.log, ids, parts.codec, random, clock);
        methods = new E2eApi(devices, delivery).methods();
        housekeeping = new Housekeeping(settings.trimInterval(), List.of(
                new Housekeeping.Task("expire disappearing messages", delivery::expireMessages),
                new Housekeeping.Task("drop old welcomes and handshakes", () -> delivery.trim(settings.logMaxAge()))));
    }

    /** Every e2e.* method. */
    public List<Method<?, ?>> methods() {
        return methods;
    }

    /** Erases the account's devices, key packages and pending welcomes inside the account-deletion transaction. */
    public AccountErasure erasure() {
        return (handle, userId) -> {
            deviceStore.eraseUser(handle, userId);
            groupStore.eraseRecipient(handle, userId);
        };
    }

    @Override
    public void close() {
        housekeeping.close();
    }
}
