package dev.parley.client.e2e;

import dev.parley.client.ParleyClient;
import dev.parley.protocol.e2e.E2eMethods;
import dev.parley.protocol.e2e.E2eMethods.ClaimedKeyPackage;
import dev.parley.protocol.e2e.E2eMethods.DeviceRegistered;
import dev.parley.protocol.e2e.E2eMethods.Group;
import dev.parley.protocol.e2e.E2eMethods.HandshakeAccepted;
import dev.parley.protocol.e2e.E2eMethods.KeyPackageCount;
import dev.parley.protocol.e2e.E2eMethods.PendingWelcome;
import dev.parley.protocol.e2e.E2eMethods.UserDevices;
import dev.parley.protocol.message.MessageMethods.Sent;
import java.util.List;

/**
 * The {@code e2e.*} methods of docs/protocol/e2e.md as typed calls, bytes already base64 on the wire. This is the
 * delivery-service transport only; {@link SecureChats} does the MLS work on top of it.
 */
public final class E2e {
    private final ParleyClient client;

    public E2e(ParleyClient client) {
        this.client = client;
    }

    public DeviceRegistered registerDevice(String identityKey) {
        return client.call(E2eMethods.REGISTER_DEVICE, new E2eMethods.RegisterDevice(identityKey),
                DeviceRegistered.class);
    }

    public List<UserDevices> getDevices(List<Long> userIds) {
        return client.call(E2eMethods.GET_DEVICES, new E2eMethods.GetDevices(userIds), E2eMethods.Devices.class)
                .users();
    }

    public KeyPackageCount uploadKeyPackages(long deviceId, List<String> keyPackages, String lastResort) {
        return client.call(E2eMethods.UPLOAD_KEY_PACKAGES,
                new E2eMethods.UploadKeyPackages(deviceId, keyPackages, lastResort), KeyPackageCount.class);
    }

    public KeyPackageCount countKeyPackages(long deviceId) {
        return client.call(E2eMethods.COUNT_KEY_PACKAGES, new E2eMethods.CountKeyPackages(deviceId),
                KeyPackageCount.class);
    }

    public List<ClaimedKeyPackage> claimKeyPackages(long chatId, List<Long> userIds) {
        return client.call(E2eMethods.CLAIM_KEY_PACKAGES, new E2eMethods.ClaimKeyPackages(chatId, userIds),
                E2eMethods.ClaimedKeyPackages.class).keyPackages();
    }

    public Group getGroup(long chatId) {
        return client.call(E2eMethods.GET_GROUP, new E2eMethods.GetGroup(chatId), Group.class);
    }

    public HandshakeAccepted sendHandshake(E2eMethods.SendHandshake params) {
        return client.call(E2eMethods.SEND_HANDSHAKE, params, HandshakeAccepted.class);
    }

    public Sent sendMessage(long chatId, String ciphertext, long randomId) {
        return client.call(E2eMethods.SEND_MESSAGE, new E2eMethods.SendMessage(chatId, ciphertext, randomId),
                Sent.class);
    }

    public void setTimer(long chatId, int seconds) {
        client.call(E2eMethods.SET_TIMER, new E2eMethods.SetTimer(chatId, seconds),
                dev.parley.protocol.sync.SyncMethods.Affected.class);
    }

    public List<PendingWelcome> getWelcomes(long deviceId) {
        return client.call(E2eMethods.GET_WELCOMES, new E2eMethods.GetWelcomes(deviceId), E2eMethods.Welcomes.class)
                .welcomes();
    }
}
