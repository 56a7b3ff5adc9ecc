import { sha512 } from '@noble/hashes/sha2.js';
import { compareBytes, equalBytes } from './bytes';

/** A device key as the directory lists it. */
export interface DeviceKey {
  userId: number;
  deviceId: number;
  publicKey: Uint8Array;
}

const LABEL = new TextEncoder().encode('ParleySafetyNumber');
const VERSION = 1;
const ITERATIONS = 5200;

/**
 * The safety number of two users over all their device keys, the same 60 digits the Java SDK computes
 * (dev.parley.crypto.identity.SafetyNumber, docs/SECURITY.md "Safety numbers"): per user, the distinct keys sorted
 * unsigned, hashed 5,200 times with SHA-512 under a label, version and user id; six 5-digit groups each; the lower
 * user id first.
 */
export function safetyNumber(a: readonly DeviceKey[], b: readonly DeviceKey[]): string {
  const userA = singleUser(a);
  const userB = singleUser(b);
  if (userA === userB) throw new Error('a safety number is between two different users');
  const fa = fingerprint(userA, a);
  const fb = fingerprint(userB, b);
  return userA < userB ? fa + fb : fb + fa;
}

/** "12345 67890 …": twelve groups of five, as shown to users. */
export function displaySafetyNumber(digits: string): string {
  return (digits.match(/.{5}/g) ?? []).join(' ');
}

function singleUser(keys: readonly DeviceKey[]): number {
  const first = keys[0];
  if (!first) throw new Error('a user needs at least one device key');
  if (keys.some((k) => k.userId !== first.userId)) throw new Error('device keys of several users given for one side');
  return first.userId;
}

export function fingerprint(userId: number, keys: readonly DeviceKey[]): string {
  const sorted = keys.map((k) => k.publicKey).sort(compareBytes);
  const distinct = sorted.filter((k, i) => i === 0 || !equalBytes(k, sorted[i - 1] as Uint8Array));
  const list = new Uint8Array(4 + 32 * distinct.length);
  new DataView(list.buffer).setUint32(0, distinct.length);
  distinct.forEach((k, i) => list.set(k, 4 + 32 * i));
  const head = new Uint8Array(LABEL.length + 2 + 8);
  head.set(LABEL);
  const view = new DataView(head.buffer);
  view.setUint16(LABEL.length, VERSION);
  view.setBigUint64(LABEL.length + 2, BigInt(userId));
  let h = sha512.create().update(head).update(list).digest();
  for (let i = 1; i < ITERATIONS; i++) h = sha512.create().update(h).update(list).digest();
  let out = '';
  for (let j = 0; j < 6; j++) {
    let chunk = 0;
    for (let k = 0; k < 5; k++) chunk = chunk * 256 + (h[5 * j + k] ?? 0);
    out += String(chunk % 100_000).padStart(5, '0');
  }
  return out;
}
