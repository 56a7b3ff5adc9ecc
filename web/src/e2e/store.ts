import { fromBase64, toBase64 } from './bytes';

/**
 * The web counterpart of the Java SDK's EncryptedStateStore: named records in IndexedDB, each sealed with AES-256-GCM
 * (WebCrypto) under a key that belongs to the session, with the record's name as associated data so records cannot
 * be swapped. The database holds only ciphertext; the key lives beside the session token in localStorage and is
 * wiped with it at logout, which leaves the database unreadable (and it is deleted too).
 */
export interface StateStore {
  read(name: string): Promise<Uint8Array | undefined>;
  write(name: string, bytes: Uint8Array): Promise<void>;
  delete(name: string): Promise<void>;
}

const RECORDS = 'records';
const KEY_PREFIX = 'parley.e2eKey.';

interface Sealed {
  iv: Uint8Array;
  data: Uint8Array;
}

export class EncryptedIdbStore implements StateStore {
  private constructor(
    private readonly db: IDBDatabase,
    private readonly key: CryptoKey,
  ) {}

  /** Opens (creating if needed) the store of one session. */
  static async open(factory: IDBFactory, storage: Storage, userId: number, sessionId: number): Promise<EncryptedIdbStore> {
    const key = await sessionKey(storage, sessionId);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(databaseName(userId, sessionId), 1);
      request.onupgradeneeded = () => request.result.createObjectStore(RECORDS);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
    });
    return new EncryptedIdbStore(db, key);
  }

  /** Forgets a session's end-to-end state: its key first (so the data is unreadable at once), then the database. */
  static async destroy(factory: IDBFactory, storage: Storage, userId: number, sessionId: number): Promise<void> {
    storage.removeItem(KEY_PREFIX + sessionId);
    await new Promise<void>((resolve) => {
      const request = factory.deleteDatabase(databaseName(userId, sessionId));
      request.onsuccess = () => resolve();
      request.onerror = () => resolve();
      request.onblocked = () => resolve();
    });
  }

  close(): void {
    this.db.close();
  }

  async read(name: string): Promise<Uint8Array | undefined> {
    const sealed = await this.request<Sealed | undefined>('readonly', (s) => s.get(name));
    if (!sealed) return undefined;
    try {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as BufferSource, additionalData: aad(name) }, this.key, sealed.data as BufferSource);
      return new Uint8Array(plain);
    } catch {
      throw new Error(`end-to-end state '${name}' does not open with this session's key`);
    }
  }

  async write(name: string, bytes: Uint8Array): Promise<void> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(name) }, this.key, bytes as BufferSource));
    await this.request('readwrite', (s) => s.put({ iv, data } satisfies Sealed, name));
  }

  async delete(name: string): Promise<void> {
    await this.request('readwrite', (s) => s.delete(name));
  }

  private request<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const tx = this.db.transaction(RECORDS, mode);
      const request = op(tx.objectStore(RECORDS));
      tx.oncomplete = () => resolve(request.result as T);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  }
}

function databaseName(userId: number, sessionId: number): string {
  return `parley-e2e-${userId}-${sessionId}`;
}

function aad(name: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`parley-e2e-record:${name}`);
}

async function sessionKey(storage: Storage, sessionId: number): Promise<CryptoKey> {
  let raw = storage.getItem(KEY_PREFIX + sessionId);
  if (!raw) {
    raw = toBase64(crypto.getRandomValues(new Uint8Array(32)));
    storage.setItem(KEY_PREFIX + sessionId, raw);
  }
  return crypto.subtle.importKey('raw', fromBase64(raw) as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']);
}
