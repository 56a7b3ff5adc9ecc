/**
 * The identity in a device's MLS BasicCredential, byte for byte the Java SDK's DeviceCredential (docs/SECURITY.md
 * "Credential binding"): uint8 version = 1 || uint64 userId || uint64 deviceId || 32-byte Ed25519 public key,
 * big-endian, 49 bytes. Fixed length, so it has exactly one parse.
 */
export interface DeviceCredential {
  userId: number;
  deviceId: number;
  publicKey: Uint8Array;
}

export const CREDENTIAL_VERSION = 1;
export const CREDENTIAL_LENGTH = 1 + 8 + 8 + 32;

export function encodeCredential(c: DeviceCredential): Uint8Array {
  if (!(c.userId > 0 && c.deviceId > 0)) throw new Error('userId and deviceId must be positive');
  if (c.publicKey.length !== 32) throw new Error('an Ed25519 public key has 32 bytes');
  const out = new Uint8Array(CREDENTIAL_LENGTH);
  const view = new DataView(out.buffer);
  out[0] = CREDENTIAL_VERSION;
  view.setBigUint64(1, BigInt(c.userId));
  view.setBigUint64(9, BigInt(c.deviceId));
  out.set(c.publicKey, 17);
  return out;
}

/** Throws unless the bytes are exactly a version-1 Parley device identity. */
export function decodeCredential(identity: Uint8Array): DeviceCredential {
  if (identity.length !== CREDENTIAL_LENGTH) throw new Error(`a Parley device credential has ${CREDENTIAL_LENGTH} bytes`);
  if (identity[0] !== CREDENTIAL_VERSION) throw new Error(`unknown device credential version ${identity[0]}`);
  const view = new DataView(identity.buffer, identity.byteOffset, identity.byteLength);
  const userId = Number(view.getBigUint64(1));
  const deviceId = Number(view.getBigUint64(9));
  if (!(userId > 0 && deviceId > 0)) throw new Error('userId and deviceId must be positive');
  return { userId, deviceId, publicKey: identity.slice(17) };
}
