import type { ClientState } from 'ts-mls';
import { fromBase64, toBase64 } from './bytes';
import { decodeState, encodeState, type DeviceIdentity, type KeyPackageBundle } from './engine';
import type { DeviceKey } from './safetyNumber';
import type { StateStore } from './store';

/** The stored device; byte fields base64 (the same fields as the Java SDK's E2eState.Device). */
export interface StoredDevice {
  userId: number;
  sessionId: number;
  deviceId: number;
  publicKey: string;
  signKey: string;
  keyPackages: StoredBundle[];
  /** The pts up to which the update log has been applied to the groups: this device's own cursor. */
  pts: number;
}

interface StoredBundle {
  keyPackage: string;
  initPrivateKey: string;
  hpkePrivateKey: string;
  lastResort: boolean;
}

const DEVICE = 'device';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function identityOf(device: StoredDevice): DeviceIdentity {
  return { userId: device.userId, deviceId: device.deviceId, publicKey: fromBase64(device.publicKey), signKey: fromBase64(device.signKey) };
}

export function bundlesOf(device: StoredDevice): KeyPackageBundle[] {
  return device.keyPackages.map((b) => ({
    keyPackage: fromBase64(b.keyPackage),
    initPrivateKey: fromBase64(b.initPrivateKey),
    hpkePrivateKey: fromBase64(b.hpkePrivateKey),
    lastResort: b.lastResort,
  }));
}

export function storedBundle(b: KeyPackageBundle): StoredBundle {
  return { keyPackage: toBase64(b.keyPackage), initPrivateKey: toBase64(b.initPrivateKey), hpkePrivateKey: toBase64(b.hpkePrivateKey), lastResort: b.lastResort };
}

/**
 * This device's end-to-end state over an encrypted StateStore, the same records as the Java SDK's E2eState:
 * `device` (identity, key-package secrets, cursor), `group-<chatId>` (the latest MLS state only: an older one would
 * reuse keys), `plain-<chatId>` (texts decrypted or sent here: MLS deletes a message key once used, so history is
 * read from here), `pending-<chatId>` (an accepted commit of ours the log has not reached), `dates-<chatId>` and `timers`
 * (disappearing messages), `contact-<userId>` (a contact's keys as last verified) and `renewed-<chatId>` (this device's
 * last own commit there, for the scheduled self-update).
 */
export class E2eState {
  constructor(private readonly store: StateStore) {}

  async device(): Promise<StoredDevice | undefined> {
    return this.json<StoredDevice>(DEVICE);
  }

  saveDevice(device: StoredDevice): Promise<void> {
    return this.store.write(DEVICE, encoder.encode(JSON.stringify(device)));
  }

  async group(chatId: number): Promise<ClientState | undefined> {
    const bytes = await this.store.read(groupName(chatId));
    return bytes ? decodeState(bytes) : undefined;
  }

  saveGroup(chatId: number, state: ClientState): Promise<void> {
    return this.store.write(groupName(chatId), encodeState(state));
  }

  deleteGroup(chatId: number): Promise<void> {
    return this.store.delete(groupName(chatId));
  }

  async plaintexts(chatId: number): Promise<Record<string, string>> {
    return (await this.json<Record<string, string>>(plainName(chatId))) ?? {};
  }

  /** Keeps a decrypted or sent text with its message's date (Unix seconds), which disappearing timers compare. */
  async savePlaintext(chatId: number, messageId: number, text: string, date: number): Promise<void> {
    const all = await this.plaintexts(chatId);
    all[String(messageId)] = text;
    await this.store.write(plainName(chatId), encoder.encode(JSON.stringify(all)));
    const dates = (await this.json<Record<string, number>>(`dates-${chatId}`)) ?? {};
    dates[String(messageId)] = date;
    await this.store.write(`dates-${chatId}`, encoder.encode(JSON.stringify(dates)));
  }

  /** Each chat's disappearing-message timer in seconds (`timers`). */
  async timers(): Promise<Record<string, number>> {
    return (await this.json<Record<string, number>>('timers')) ?? {};
  }

  async saveTimer(chatId: number, seconds: number): Promise<void> {
    const all = await this.timers();
    if (seconds > 0) all[String(chatId)] = seconds;
    else delete all[String(chatId)];
    await this.store.write('timers', encoder.encode(JSON.stringify(all)));
  }

  /** Forgets the texts of the chat's messages dated before `cutoff` (Unix seconds). */
  async forgetBefore(chatId: number, cutoff: number): Promise<void> {
    const dates = (await this.json<Record<string, number>>(`dates-${chatId}`)) ?? {};
    const old = Object.entries(dates).filter(([, date]) => date < cutoff).map(([id]) => Number(id));
    if (old.length === 0) return;
    await this.forgetPlaintexts(chatId, old);
    for (const id of old) delete dates[String(id)];
    await this.store.write(`dates-${chatId}`, encoder.encode(JSON.stringify(dates)));
  }

  async forgetPlaintexts(chatId: number, ids: readonly number[]): Promise<void> {
    const all = await this.plaintexts(chatId);
    let changed = false;
    for (const id of ids) changed = delete all[String(id)] || changed;
    if (changed) await this.store.write(plainName(chatId), encoder.encode(JSON.stringify(all)));
  }

  async contactKeys(userId: number): Promise<DeviceKey[] | undefined> {
    const keys = await this.json<{ deviceId: number; key: string }[]>(`contact-${userId}`);
    return keys?.map((k) => ({ userId, deviceId: k.deviceId, publicKey: fromBase64(k.key) }));
  }

  saveContactKeys(userId: number, keys: readonly DeviceKey[]): Promise<void> {
    const value = keys.map((k) => ({ deviceId: k.deviceId, key: toBase64(k.publicKey) }));
    return this.store.write(`contact-${userId}`, encoder.encode(JSON.stringify(value)));
  }

  /**
   * Our accepted commit that the log has not reached yet (`pending-<chatId>`): its seq and the state it leads to.
   * Messages before it in the log are still of the old epoch, so the new state is adopted at the commit's echo.
   */
  async pendingCommit(chatId: number): Promise<{ seq: number; state: ClientState } | undefined> {
    const bytes = await this.store.read(`pending-${chatId}`);
    if (!bytes) return undefined;
    const seq = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0));
    return { seq, state: decodeState(bytes.subarray(8)) };
  }

  savePendingCommit(chatId: number, seq: number, state: ClientState): Promise<void> {
    const encoded = encodeState(state);
    const bytes = new Uint8Array(8 + encoded.length);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(seq));
    bytes.set(encoded, 8);
    return this.store.write(`pending-${chatId}`, bytes);
  }

  deletePendingCommit(chatId: number): Promise<void> {
    return this.store.delete(`pending-${chatId}`);
  }

  /** When this device last refreshed its own keys in the chat's group (`renewed-<chatId>`, Unix ms). */
  async renewedAt(chatId: number): Promise<number | undefined> {
    return this.json<number>(`renewed-${chatId}`);
  }

  saveRenewedAt(chatId: number, at: number): Promise<void> {
    return this.store.write(`renewed-${chatId}`, encoder.encode(JSON.stringify(at)));
  }

  async forgetChat(chatId: number): Promise<void> {
    await this.store.delete(groupName(chatId));
    await this.store.delete(plainName(chatId));
    await this.store.delete(`renewed-${chatId}`);
    await this.store.delete(`pending-${chatId}`);
    await this.store.delete(`dates-${chatId}`);
    await this.saveTimer(chatId, 0);
  }

  private async json<T>(name: string): Promise<T | undefined> {
    const bytes = await this.store.read(name);
    return bytes ? (JSON.parse(decoder.decode(bytes)) as T) : undefined;
  }
}

function groupName(chatId: number): string {
  return `group-${chatId}`;
}

function plainName(chatId: number): string {
  return `plain-${chatId}`;
}
