/**
 * Persists the update-log position per account in IndexedDB, so a reload or a new tab continues from where the
 * last one stopped instead of resyncing. One database `parley`, one object store `sync`, key `pts:<userId>`.
 */
const DB_NAME = 'parley';
const STORE = 'sync';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export class PtsStore {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory = indexedDB) {}

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      this.db = new Promise((resolve, reject) => {
        const req = this.factory.open(DB_NAME, 1);
        req.onupgradeneeded = () => req.result.createObjectStore(STORE);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('cannot open IndexedDB'));
      });
    }
    return this.db;
  }

  async load(userId: number): Promise<number | null> {
    const db = await this.open();
    const value = await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(`pts:${userId}`));
    return typeof value === 'number' ? value : null;
  }

  async save(userId: number, pts: number): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(pts, `pts:${userId}`);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    });
  }

  async clear(userId: number): Promise<void> {
    const db = await this.open();
    await request(db.transaction(STORE, 'readwrite').objectStore(STORE).delete(`pts:${userId}`));
  }

  close(): void {
    void this.db?.then((db) => db.close());
    this.db = null;
  }
}
