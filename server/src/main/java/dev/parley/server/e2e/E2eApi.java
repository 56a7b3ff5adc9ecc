package dev.parley.server.e2e;

import dev.parley.protocol.e2e.E2eMethods;
import dev.parley.server.gateway.Method;
import java.util.List;

/** The {@code e2e.*} methods (docs/protocol/e2e.md). */
public final class E2eApi {
    private final DeviceService devices;
    private final DeliveryService delivery;

    public E2eApi(DeviceService devices, DeliveryService delivery) {
        this.devices = devices;
        this.delivery = delivery;
    }

    public List<Method<?, ?>> methods() {
        return List.of(
                Method.authenticated(E2eMethods.REGISTER_DEVICE, E2eMethods.RegisterDevice.class,
                        (c, p) -> devices.register(c.userId(), c.sessionId(), p.identityKey())),
                Method.authenticated(E2eMethods.GET_DEVICES, E2eMethods.GetDevices.class,
                        (c, p) -> devices.getDevices(p.userIds())),
                Method.authenticated(E2eMethods.UPLOAD_KEY_PACKAGES, E2eMethods.UploadKeyPackages.class,
                        (c, p) -> devices.upload(c.userId(), c.sessionId(), p.deviceId(), p.keyPackages(),
                                p.lastResort())),
                Method.authenticated(E2eMethods.COUNT_KEY_PACKAGES, E2eMethods.CountKeyPackages.class,
                        (c, p) -> devices.count(c.userId(), c.sessionId(), p.deviceId())),
                Method.authenticated(E2eMethods.CLAIM_KEY_PACKAGES, E2eMethods.ClaimKeyPackages.class,
                        (c, p) -> devices.claim(c.userId(), c.sessionId(), p.chatId(), p.userIds())),
                Method.authenticated(E2eMethods.GET_GROUP, E2eMethods.GetGroup.class,
                        (c, p) -> delivery.getGroup(c.userId(), p.chatId())),
                Method.authenticated(E2eMethods.SEND_HANDSHAKE, E2eMethods.SendHandshake.class,
                        (c, p) -> delivery.sendHandshake(c.userId(), p)),
                Method.authenticated(E2eMethods.SEND_MESSAGE, E2eMethods.SendMessage.class,
                        (c, p) -> delivery.sendMessage(c.userId(), p.chatId(), p.ciphertextBytes(), p.ciphertext(),
                                p.randomId())),
                Method.authenticated(E2eMethods.GET_WELCOMES, E2eMethods.GetWelcomes.class,
                        (c, p) -> delivery.getWelcomes(c.userId(), p.deviceId())),
                Method.authenticated(E2eMethods.SET_TIMER, E2eMethods.SetTimer.class,
                        (c, p) -> delivery.setTimer(c.userId(), p.chatId(), p.seconds())));
    }
}
