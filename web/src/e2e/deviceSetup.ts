import { ParleyError } from '../protocol/errors';
import { toBase64 } from './bytes';
import { encodeCredential } from './credential';
import * as mls from './engine';
import { identityOf, storedBundle, type E2eState, type StoredDevice } from './state';
import type { Caller } from './secureChats';
import { E2eErrors } from './wire';

/** One-time key packages uploaded at registration and kept available afterwards (as the Java SDK's DeviceSetup). */
export const KEY_PACKAGES = 20;
/** Fewer unclaimed packages than this on the server and the device uploads new ones. */
export const REPLENISH_BELOW = 5;

/**
 * Registers this session's device: the credential embeds the device id the server assigns, so the key comes first
 * and the identity after, and the server's credential must be byte for byte our own encoding.
 */
export async function register(client: Caller, state: E2eState, userId: number, sessionId: number): Promise<StoredDevice> {
  const key = await mls.generateIdentityKey();
  const registered = (await client.call('e2e.registerDevice', { identityKey: toBase64(key.publicKey) })) as { deviceId: number; credential: string };
  const expected = toBase64(encodeCredential({ userId, deviceId: registered.deviceId, publicKey: key.publicKey }));
  if (registered.credential !== expected) throw new ParleyError(E2eErrors.INTERNAL, "the server's credential for this device is not its own");
  // History before this device existed has no keys for it: its cursor starts at the present.
  const { pts } = (await client.call('updates.getState', {})) as { pts: number };
  const device: StoredDevice = { userId, sessionId, deviceId: registered.deviceId, publicKey: toBase64(key.publicKey), signKey: toBase64(key.signKey), keyPackages: [], pts };
  await state.saveDevice(device);
  return device;
}

/** Tops up the one-time key packages and makes sure a last-resort one exists; secrets are saved before the upload. */
export async function replenish(client: Caller, state: E2eState, device: StoredDevice): Promise<StoredDevice> {
  const count = (await client.call('e2e.countKeyPackages', { deviceId: device.deviceId })) as { count: number; lastResort: boolean };
  const missing = count.count < REPLENISH_BELOW ? KEY_PACKAGES - count.count : 0;
  if (missing === 0 && count.lastResort) return device;
  const identity = identityOf(device);
  const fresh: mls.KeyPackageBundle[] = [];
  for (let i = 0; i < missing; i++) fresh.push(await mls.createKeyPackage(identity, false));
  const lastResort = count.lastResort ? undefined : await mls.createKeyPackage(identity, true);
  const topped = { ...device, keyPackages: [...device.keyPackages, ...fresh.map(storedBundle), ...(lastResort ? [storedBundle(lastResort)] : [])] };
  await state.saveDevice(topped);
  await client.call('e2e.uploadKeyPackages', {
    deviceId: device.deviceId,
    keyPackages: fresh.map((b) => toBase64(b.keyPackage)),
    ...(lastResort ? { lastResort: toBase64(lastResort.keyPackage) } : {}),
  });
  return topped;
}
