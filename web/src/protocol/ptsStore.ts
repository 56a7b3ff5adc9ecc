import { ObjectStoreDb } from './objectStoreDb';

/**
 * Persists the update-log position per account in IndexedDB, so a reload or a new tab continues from where the
 * last one stopped instead of resyncing. One database `parley`, one object store `sync`, key `pts:<userId>`.
 */
export class PtsStore {
  private readonly db: ObjectStoreDb;

  constructor(factory: IDBFactory = indexedDB) {
    this.db = new ObjectStoreDb(factory, 'parley', 'sync');
  }

  async load(userId: number): Promise<number | null> {
    const value = await this.db.request('readonly', (store) => store.get(`pts:${userId}`));
    return typeof value === 'number' ? value : null;
  }

  async save(userId: number, pts: number): Promise<void> {
    await this.db.commit((store) => store.put(pts, `pts:${userId}`));
  }

  async clear(userId: number): Promise<void> {
    await this.db.request('readwrite', (store) => store.delete(`pts:${userId}`));
  }

  close(): void {
    this.db.close();
  }
}
