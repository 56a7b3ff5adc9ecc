package dev.parley.client.e2e;

import static dev.parley.client.e2e.SecureChats.mls;

import dev.parley.client.ParleyClient;
import dev.parley.crypto.identity.DeviceIdentity;
import dev.parley.crypto.mls.KeyPackageBundle;
import dev.parley.crypto.mls.MlsEngine;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Gives a session its end-to-end device (docs/protocol/e2e.md "Device directory", "Key packages"): the stored one,
 * or a newly generated and registered key; and keeps its one-time key packages topped up with a last-resort one.
 */
final class DeviceSetup {
    /** One-time key packages uploaded at registration and kept available afterwards. */
    static final int KEY_PACKAGES = 20;
    /** Fewer unclaimed packages than this on the server and the device uploads new ones. */
    static final int REPLENISH_BELOW = 5;
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final ParleyClient client;
    private final E2e e2e;
    private final MlsEngine engine;
    private final E2eState state;
    private final SecureRandom random;

    DeviceSetup(ParleyClient client, E2e e2e, MlsEngine engine, E2eState state, SecureRandom random) {
        this.client = client;
        this.e2e = e2e;
        this.engine = engine;
        this.state = state;
        this.random = random;
    }

    /** The session's device, registered now if the store has none; its key packages topped up either way. */
    E2eState.Device open() {
        long sessionId = client.sessionId();
        if (sessionId == 0) {
            throw new ParleyException(ErrorCode.AUTH_REQUIRED, "log in before enabling end-to-end encryption");
        }
        long userId = client.me().userId();
        Optional<E2eState.Device> saved = state.device();
        if (saved.isPresent() && (saved.get().sessionId() != sessionId || saved.get().userId() != userId)) {
            throw new ParleyException(ErrorCode.FORBIDDEN, "this end-to-end state belongs to another session: "
                    + "a new login needs a fresh state store");
        }
        return replenish(saved.orElseGet(() -> register(userId, sessionId)));
    }

    private E2eState.Device register(long userId, long sessionId) {
        // The credential embeds the device id the server assigns, so the key comes first and the identity after.
        DeviceIdentity draft = DeviceIdentity.generate(userId, 1, random);
        var registered = e2e.registerDevice(B64.encodeToString(draft.publicKey()));
        DeviceIdentity identity = new DeviceIdentity(userId, registered.deviceId(), draft.privateKey());
        if (!registered.credential().equals(B64.encodeToString(identity.credential().encode()))) {
            throw new ParleyException(ErrorCode.INTERNAL, "the server's credential for this device is not its own");
        }
        // History before this device existed has no keys for it: its cursor starts at the present.
        E2eState.Device device = E2eState.Device.of(identity, sessionId, List.of(), client.updates().getState());
        state.save(device);
        return device;
    }

    /** Tops up the device's one-time key packages and makes sure it has a last-resort one. */
    private E2eState.Device replenish(E2eState.Device device) {
        DeviceIdentity identity = device.deviceIdentity();
        var count = e2e.countKeyPackages(device.deviceId());
        int missing = count.count() < REPLENISH_BELOW ? KEY_PACKAGES - count.count() : 0;
        if (missing == 0 && count.lastResort()) {
            return device;
        }
        List<KeyPackageBundle> fresh = new ArrayList<>();
        for (int i = 0; i < missing; i++) {
            fresh.add(mls(() -> engine.createKeyPackage(identity, false)));
        }
        KeyPackageBundle lastResort = count.lastResort() ? null : mls(() -> engine.createKeyPackage(identity, true));
        List<KeyPackageBundle> kept = new ArrayList<>(device.bundles());
        kept.addAll(fresh);
        if (lastResort != null) {
            kept.add(lastResort);
        }
        // Secrets first, then the upload: a package on the server always has its private keys here.
        E2eState.Device topped = device.withBundles(kept);
        state.save(topped);
        e2e.uploadKeyPackages(device.deviceId(), fresh.stream().map(b -> B64.encodeToString(b.keyPackage())).toList(),
                lastResort == null ? null : B64.encodeToString(lastResort.keyPackage()));
        return topped;
    }
}
