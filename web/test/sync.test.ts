import { describe, expect, it } from 'vitest';
import { classifyBatch, UpdateSync, type DifferencePage, type SyncSink, type SyncSource } from '../src/protocol/sync';

describe('classifyBatch', () => {
  it('applies a batch that starts exactly at the local pts', () => {
    expect(classifyBatch(10, { pts: 11, ptsCount: 1 })).toBe('apply');
    expect(classifyBatch(10, { pts: 13, ptsCount: 3 })).toBe('apply');
  });

  it('drops a batch already covered by the local pts', () => {
    expect(classifyBatch(10, { pts: 10, ptsCount: 1 })).toBe('stale');
    expect(classifyBatch(10, { pts: 8, ptsCount: 2 })).toBe('stale');
  });

  it('reports a gap when updates are missing before the batch', () => {
    expect(classifyBatch(10, { pts: 12, ptsCount: 1 })).toBe('gap');
  });

  it('treats a batch overlapping the local pts as a gap rather than applying part of it twice', () => {
    expect(classifyBatch(10, { pts: 12, ptsCount: 3 })).toBe('gap');
  });

  it('always applies ephemeral batches, which occupy no log position', () => {
    expect(classifyBatch(10, { pts: 10, ptsCount: 0 })).toBe('apply');
  });
});

/** The server's update log as the truth: position p (1-based) holds update `u<p>`. */
class Log implements SyncSource<string> {
  requests: number[] = [];
  constructor(
    public length: number,
    private readonly pageSize: number,
    private readonly trimmedBelow = 0,
  ) {}
  async getState() {
    return { pts: this.length };
  }
  async getDifference(fromPts: number): Promise<DifferencePage<string>> {
    this.requests.push(fromPts);
    if (fromPts < this.trimmedBelow) return { updates: [], pts: this.length, final: true, tooLong: true };
    const to = Math.min(this.length, fromPts + this.pageSize);
    const updates = Array.from({ length: to - fromPts }, (_, i) => `u${fromPts + i + 1}`);
    return { updates, pts: to, final: to === this.length, tooLong: false };
  }
  batch(from: number, to: number) {
    return { updates: Array.from({ length: to - from }, (_, i) => `u${from + i + 1}`), pts: to, ptsCount: to - from };
  }
}

class Store implements SyncSink<string> {
  applied: string[] = [];
  resyncs = 0;
  constructor(public saved: number | null) {}
  async loadPts() {
    return this.saved;
  }
  async savePts(pts: number) {
    this.saved = pts;
  }
  apply(updates: string[]) {
    this.applied.push(...updates);
  }
  async resync() {
    this.resyncs++;
  }
}

/** A scheduler the test fires by hand, so gap holds are deterministic. */
class ManualTimers {
  private callbacks: (() => void)[] = [];
  readonly schedule = (callback: () => void) => {
    this.callbacks.push(callback);
  };
  get pending() {
    return this.callbacks.length;
  }
  fire() {
    const due = this.callbacks;
    this.callbacks = [];
    due.forEach((c) => c());
  }
}

describe('UpdateSync', () => {
  it('applies in-order pushes and advances the saved pts', async () => {
    const log = new Log(12, 100);
    const store = new Store(10);
    const sync = new UpdateSync(log, store);
    await sync.push(log.batch(10, 11));
    await sync.push(log.batch(11, 12));
    expect(store.applied).toEqual(['u11', 'u12']);
    expect(store.saved).toBe(12);
    expect(log.requests).toEqual([]);
  });

  it('fills a gap by paging getDifference until final, applying every missed update once', async () => {
    const log = new Log(25, 4);
    const store = new Store(10);
    const timers = new ManualTimers();
    const sync = new UpdateSync(log, store, { schedule: timers.schedule });
    // given a push for 25 while we hold 10, and the missing pushes never come
    await sync.push(log.batch(24, 25));
    expect(log.requests).toEqual([]);
    timers.fire();
    await sync.settled();
    expect(store.applied).toEqual(Array.from({ length: 15 }, (_, i) => `u${11 + i}`));
    expect(log.requests).toEqual([10, 14, 18, 22]);
    expect(store.saved).toBe(25);
  });

  it('waits briefly for out-of-order pushes and applies them in log order without asking the server', async () => {
    const log = new Log(13, 100);
    const store = new Store(10);
    const timers = new ManualTimers();
    const sync = new UpdateSync(log, store, { schedule: timers.schedule });
    await sync.push(log.batch(12, 13));
    await sync.push(log.batch(11, 12));
    expect(store.applied).toEqual([]);
    await sync.push(log.batch(10, 11));
    expect(store.applied).toEqual(['u11', 'u12', 'u13']);
    expect(store.saved).toBe(13);
    timers.fire();
    await sync.settled();
    expect(log.requests).toEqual([]);
  });

  it('drops pushes that arrive during a catch-up and were already covered by it', async () => {
    const log = new Log(15, 100);
    const store = new Store(10);
    const sync = new UpdateSync(log, store);
    const catchUp = sync.catchUp();
    const duplicate = sync.push(log.batch(14, 15));
    await Promise.all([catchUp, duplicate]);
    expect(store.applied).toEqual(['u11', 'u12', 'u13', 'u14', 'u15']);
  });

  it('resyncs when the log was trimmed past the local pts, then continues from the server pts', async () => {
    const log = new Log(500, 100, 200);
    const store = new Store(10);
    const sync = new UpdateSync(log, store);
    await sync.catchUp();
    expect(store.resyncs).toBe(1);
    expect(store.applied).toEqual([]);
    expect(store.saved).toBe(500);
    log.length = 501;
    await sync.push(log.batch(500, 501));
    expect(store.applied).toEqual(['u501']);
  });

  it('starts a never-synced device from the server state with a resync, not from pts 0', async () => {
    const log = new Log(42, 10);
    const store = new Store(null);
    const sync = new UpdateSync(log, store);
    await sync.catchUp();
    expect(store.resyncs).toBe(1);
    expect(store.saved).toBe(42);
    expect(log.requests).toEqual([]);
  });

  it('rebases a page load on the server state instead of replaying the difference', async () => {
    const log = new Log(900, 10);
    const store = new Store(10);
    const sync = new UpdateSync(log, store);
    await sync.rebase();
    expect(store.resyncs).toBe(1);
    expect(store.saved).toBe(900);
    expect(log.requests).toEqual([]);
    log.length = 902;
    await sync.push(log.batch(900, 901));
    await sync.push(log.batch(901, 902));
    expect(store.applied).toEqual(['u901', 'u902']);
  });

  it('keeps working after a failed catch-up', async () => {
    const log = new Log(12, 100);
    const store = new Store(10);
    const errors: unknown[] = [];
    const failing = { getState: log.getState.bind(log), getDifference: async () => Promise.reject(new Error('offline')) };
    const sync = new UpdateSync(failing, store, { onError: (e) => errors.push(e) });
    await expect(sync.catchUp()).rejects.toThrow('offline');
    await sync.push(log.batch(10, 11));
    expect(store.applied).toEqual(['u11']);
    expect(errors).toHaveLength(1);
  });

  it('refuses a server that never advances instead of looping forever', async () => {
    const store = new Store(10);
    const stuck = {
      getState: async () => ({ pts: 20 }),
      getDifference: async (from: number) => ({ updates: [], pts: from, final: false, tooLong: false }),
    };
    const sync = new UpdateSync(stuck, store);
    await expect(sync.catchUp()).rejects.toThrow('did not advance');
  });
});
