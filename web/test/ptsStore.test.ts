import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { PtsStore } from '../src/protocol/ptsStore';

describe('PtsStore', () => {
  it('remembers the pts per account across store instances (a reload)', async () => {
    const factory = new IDBFactory();
    const first = new PtsStore(factory);
    await first.save(7, 120);
    await first.save(8, 5);
    first.close();
    const second = new PtsStore(factory);
    expect(await second.load(7)).toBe(120);
    expect(await second.load(8)).toBe(5);
    expect(await second.load(9)).toBeNull();
  });

  it('forgets an account on clear (logout)', async () => {
    const store = new PtsStore(new IDBFactory());
    await store.save(7, 120);
    await store.clear(7);
    expect(await store.load(7)).toBeNull();
  });
});
