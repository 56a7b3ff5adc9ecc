package dev.parley.crypto.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares a stored device key list of one user with a freshly fetched one. Stateless. */
public final class KeyChangeDetector {

    private KeyChangeDetector() {}

    public static KeyChanges compare(Collection<DeviceKey> stored, Collection<DeviceKey> current) {
        Map<Long, DeviceKey> before = byDevice(stored);
        Map<Long, DeviceKey> after = byDevice(current);
        List<DeviceKey> added = new ArrayList<>();
        List<KeyChanges.Replaced> replaced = new ArrayList<>();
        for (DeviceKey now : after.values()) {
            DeviceKey then = before.get(now.deviceId());
            if (then == null) {
                added.add(now);
            } else if (!then.equals(now)) {
                replaced.add(new KeyChanges.Replaced(then, now));
            }
        }
        List<DeviceKey> removed = before.values().stream().filter(k -> !after.containsKey(k.deviceId())).toList();
        return new KeyChanges(added, removed, replaced);
    }

    private static Map<Long, DeviceKey> byDevice(Collection<DeviceKey> keys) {
        Map<Long, DeviceKey> map = new LinkedHashMap<>();
        long user = keys.isEmpty() ? 0 : keys.iterator().next().userId();
        for (DeviceKey key : keys.stream().sorted(Comparator.comparingLong(DeviceKey::deviceId)).toList()) {
            if (key.userId() != user) {
                throw new IllegalArgumentException("device keys of several users in one list");
            }
            if (map.putIfAbsent(key.deviceId(), key) != null) {
                throw new IllegalArgumentException("device " + key.deviceId() + " listed twice");
            }
        }
        return map;
    }
}
