/**
 * An IndexedDB database of one object store (schema version 1), opened on first use and shared by later calls.
 * The sync position (ptsStore.ts) and the chat cache (messageCache.ts) each keep one, in databases of their own.
 */
export class ObjectStoreDb {
  private db: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly factory: IDBFactory,
    private readonly name: string,
    private readonly store: string,
  ) {}

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      this.db = new Promise((resolve, reject) => {
        const req = this.factory.open(this.name, 1);
        req.onupgradeneeded = () => req.result.createObjectStore(this.store);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('cannot open IndexedDB'));
      });
    }
    return this.db;
  }

  /** Runs one request in a transaction of its own and resolves with its result once the request succeeds. */
  async request<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    const req = op(db.transaction(this.store, mode).objectStore(this.store));
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
    });
  }

  /** Writes in a transaction of its own and resolves only once the transaction has committed. */
  async commit(op: (store: IDBObjectStore) => void): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(this.store, 'readwrite');
    op(tx.objectStore(this.store));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    });
  }

  /** Closes the connection; a later call opens it again. */
  close(): void {
    void this.db?.then((db) => db.close());
    this.db = null;
  }
}
