import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { EncryptedIdbStore } from '../../src/e2e/store';

/** localStorage as the browser has it: a string map. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

/** Every value in the session's database, as stored (what someone copying the browser profile would get). */
async function rawValues(factory: IDBFactory, name: string): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const values = await new Promise<unknown[]>((resolve, reject) => {
    const request = db.transaction('records').objectStore('records').getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return values;
}

const secret = new TextEncoder().encode('group secret of chat 7');

describe('EncryptedIdbStore', () => {
  it('keeps records across reopening, and IndexedDB holds only AES-GCM ciphertext', async () => {
    const factory = new IDBFactory();
    const storage = new MemoryStorage();
    const store = await EncryptedIdbStore.open(factory, storage, 5, 9);
    await store.write('group-7', secret);
    store.close();

    const reopened = await EncryptedIdbStore.open(factory, storage, 5, 9);
    expect(await reopened.read('group-7')).toEqual(secret);
    expect(await reopened.read('group-8')).toBeUndefined();
    reopened.close();

    const stored = await rawValues(factory, 'parley-e2e-5-9');
    expect(stored).toHaveLength(1);
    const data = (stored[0] as { data: Uint8Array }).data;
    expect(Buffer.from(data).includes(Buffer.from(secret))).toBe(false);
    expect(data.length).toBe(secret.length + 16);
  });

  it('cannot be read without the session key, and logout destroys key and data', async () => {
    const factory = new IDBFactory();
    const storage = new MemoryStorage();
    const store = await EncryptedIdbStore.open(factory, storage, 5, 9);
    await store.write('device', secret);
    store.close();

    // Another key (the session's was lost or belongs to another session): the record does not open.
    const stranger = await EncryptedIdbStore.open(factory, new MemoryStorage(), 5, 9);
    await expect(stranger.read('device')).rejects.toThrow(/does not open/);
    stranger.close();

    await EncryptedIdbStore.destroy(factory, storage, 5, 9);
    expect(storage.length).toBe(0);
    const fresh = await EncryptedIdbStore.open(factory, storage, 5, 9);
    expect(await fresh.read('device')).toBeUndefined();
    fresh.close();
  });

  it('binds each record to its name, so records cannot be swapped', async () => {
    const factory = new IDBFactory();
    const storage = new MemoryStorage();
    const store = await EncryptedIdbStore.open(factory, storage, 5, 9);
    await store.write('group-1', secret);
    store.close();
    // Move group-1's sealed value under group-2, as someone editing the database could.
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = factory.open('parley-e2e-5-9');
      request.onsuccess = () => resolve(request.result);
    });
    const [value] = await rawValues(factory, 'parley-e2e-5-9');
    await new Promise<void>((resolve) => {
      const tx = db.transaction('records', 'readwrite');
      tx.objectStore('records').put(value, 'group-2');
      tx.oncomplete = () => resolve();
    });
    db.close();
    const reopened = await EncryptedIdbStore.open(factory, storage, 5, 9);
    await expect(reopened.read('group-2')).rejects.toThrow(/does not open/);
    reopened.close();
  });
});
