package dev.parley.server.e2e;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The device directory and key packages. Tables (schema in V33__e2e.sql), all keyed by user_id first:
 * <ul>
 *   <li>{@code e2e_device_keys (user_id, device_id, key_version) PK}, index (user_id, session_id): the append-only
 *   key history. A device belongs to the session that registered it; a new key for it is a new row with the next
 *   {@code key_version}, never an update, so every key a device ever had stays on record. A device's current key is
 *   its highest version. Deleted only with the account.</li>
 *   <li>{@code e2e_key_packages (user_id, device_id, package_id) PK}: MLS key packages (base64 MLSMessage) waiting
 *   to be claimed. One-time packages are deleted by the claim that hands them out (one {@code DELETE … RETURNING});
 *   the device's single {@code last_resort} package is handed out repeatedly and replaced by the next upload of one.
 *   Deleted with the account.</li>
 * </ul>
 */
public final class DeviceStore {

    public record DeviceKey(long userId, long deviceId, int keyVersion, long sessionId, String identityKey,
            long createdAt) {}

    public void insertKey(Handle h, DeviceKey key) {
        h.createUpdate("INSERT INTO e2e_device_keys (user_id, device_id, key_version, session_id, identity_key, "
                        + "created_at) VALUES (:u, :d, :v, :s, :k, :t)")
                .bind("u", key.userId()).bind("d", key.deviceId()).bind("v", key.keyVersion())
                .bind("s", key.sessionId()).bind("k", key.identityKey()).bind("t", key.createdAt()).execute();
    }

    /** The current key of the session's device, if it registered one. */
    public Optional<DeviceKey> ofSession(Handle h, long userId, long sessionId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM e2e_device_keys WHERE user_id = :u AND session_id = :s "
                        + "ORDER BY key_version DESC LIMIT 1")
                .bind("u", userId).bind("s", sessionId).map((rs, ctx) -> key(rs)).findOne();
    }

    /** The current key of one of the user's devices. */
    public Optional<DeviceKey> device(Handle h, long userId, long deviceId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM e2e_device_keys WHERE user_id = :u AND device_id = :d "
                        + "ORDER BY key_version DESC LIMIT 1")
                .bind("u", userId).bind("d", deviceId).map((rs, ctx) -> key(rs)).findOne();
    }

    /** The current key of every device of the users, ordered by user and device. */
    public List<DeviceKey> currentDevices(Handle h, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT " + COLUMNS + " FROM e2e_device_keys k WHERE user_id IN (<users>) "
                        + "AND key_version = (SELECT MAX(x.key_version) FROM e2e_device_keys x "
                        + "WHERE x.user_id = k.user_id AND x.device_id = k.device_id) ORDER BY user_id, device_id")
                .bindList("users", List.copyOf(userIds)).map((rs, ctx) -> key(rs)).list();
    }

    /** Which user owns each device id (device ids are global); unknown ids are absent. */
    public List<DeviceKey> devicesById(Handle h, Collection<Long> deviceIds) {
        if (deviceIds.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT " + COLUMNS + " FROM e2e_device_keys k WHERE device_id IN (<devices>) "
                        + "AND key_version = (SELECT MAX(x.key_version) FROM e2e_device_keys x "
                        + "WHERE x.user_id = k.user_id AND x.device_id = k.device_id)")
                .bindList("devices", List.copyOf(deviceIds)).map((rs, ctx) -> key(rs)).list();
    }

    /** When the user's device set or keys last changed: their newest key row (0 if none). */
    public long keyChangedAt(Handle h, long userId) {
        return h.createQuery("SELECT COALESCE(MAX(created_at), 0) FROM e2e_device_keys WHERE user_id = :u")
                .bind("u", userId).mapTo(Long.class).one();
    }

    // ---- key packages ----

    public void insertPackages(Handle h, long userId, long deviceId, List<Long> packageIds, List<String> packages,
            boolean lastResort, long now) {
        var batch = h.prepareBatch("INSERT INTO e2e_key_packages (user_id, device_id, package_id, last_resort, data, "
                + "created_at) VALUES (:u, :d, :p, :l, :data, :t)");
        for (int i = 0; i < packages.size(); i++) {
            batch.bind("u", userId).bind("d", deviceId).bind("p", packageIds.get(i)).bind("l", lastResort ? 1 : 0)
                    .bind("data", packages.get(i)).bind("t", now).add();
        }
        batch.execute();
    }

    public void deleteLastResort(Handle h, long userId, long deviceId) {
        h.createUpdate("DELETE FROM e2e_key_packages WHERE user_id = :u AND device_id = :d AND last_resort = 1")
                .bind("u", userId).bind("d", deviceId).execute();
    }

    public int countOneTime(Handle h, long userId, long deviceId) {
        return h.createQuery("SELECT COUNT(*) FROM e2e_key_packages WHERE user_id = :u AND device_id = :d "
                        + "AND last_resort = 0")
                .bind("u", userId).bind("d", deviceId).mapTo(Integer.class).one();
    }

    public boolean hasLastResort(Handle h, long userId, long deviceId) {
        return lastResort(h, userId, deviceId).isPresent();
    }

    /**
     * Takes the device's oldest one-time package: one DELETE … RETURNING, so two concurrent claims can never both get
     * it (on PostgreSQL the loser deletes nothing and the caller tries again).
     */
    public Optional<String> takeOneTime(Handle h, long userId, long deviceId) {
        return h.createQuery("DELETE FROM e2e_key_packages WHERE user_id = :u AND device_id = :d AND last_resort = 0 "
                        + "AND package_id = (SELECT MIN(x.package_id) FROM e2e_key_packages x WHERE x.user_id = :u "
                        + "AND x.device_id = :d AND x.last_resort = 0) RETURNING data")
                .bind("u", userId).bind("d", deviceId).mapTo(String.class).findOne();
    }

    public Optional<String> lastResort(Handle h, long userId, long deviceId) {
        return h.createQuery("SELECT data FROM e2e_key_packages WHERE user_id = :u AND device_id = :d "
                        + "AND last_resort = 1")
                .bind("u", userId).bind("d", deviceId).mapTo(String.class).findOne();
    }

    public void eraseUser(Handle h, long userId) {
        h.createUpdate("DELETE FROM e2e_key_packages WHERE user_id = :u").bind("u", userId).execute();
        h.createUpdate("DELETE FROM e2e_device_keys WHERE user_id = :u").bind("u", userId).execute();
    }

    private static final String COLUMNS = "user_id, device_id, key_version, session_id, identity_key, created_at";

    private static DeviceKey key(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DeviceKey(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                rs.getLong(6));
    }
}
