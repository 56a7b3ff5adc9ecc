import type { UpdateBatch } from './envelope';

/**
 * The update stream's pts bookkeeping (DESIGN §5). A push carries `pts` (the log position after it) and `ptsCount`
 * (positions it occupies): it applies only when `pts - ptsCount` equals the local pts. A push wholly at or below
 * the local pts was already applied (a replay or an overlap with a difference page) and is dropped. Anything else is
 * a gap, filled by paging `updates.getDifference` until `final`; `tooLong` means the log was trimmed past our
 * position and the application must resync its state from scratch.
 */
export type BatchVerdict = 'apply' | 'stale' | 'gap';

export function classifyBatch(localPts: number, batch: Pick<UpdateBatch, 'pts' | 'ptsCount'>): BatchVerdict {
  if (batch.ptsCount === 0) {
    // Ephemeral updates (typing) occupy no log position and never form a gap.
    return 'apply';
  }
  if (batch.pts - batch.ptsCount === localPts) return 'apply';
  if (batch.pts <= localPts) return 'stale';
  return 'gap';
}

/** One page of `updates.getDifference`. */
export interface DifferencePage<U> {
  updates: U[];
  /** The log position after this page (or, with tooLong, the position to continue from after a resync). */
  pts: number;
  final: boolean;
  tooLong: boolean;
}

export interface SyncSource<U> {
  /** The server's current pts, for a client that has never synced. */
  getState(): Promise<{ pts: number }>;
  getDifference(fromPts: number): Promise<DifferencePage<U>>;
}

export interface SyncSink<U> {
  loadPts(): Promise<number | null>;
  savePts(pts: number): Promise<void>;
  /** Applies updates in log order; called once per update batch or page, never twice for the same position. */
  apply(updates: U[]): void;
  /** Rebuilds state without the log (the log was trimmed past us, or this device never synced). */
  resync(): Promise<void>;
}

/** Stops runaway paging if a server kept answering `final: false` without advancing. */
const MAX_PAGES_PER_CATCH_UP = 10_000;

/**
 * How long a push that leaves a gap waits for the missing positions before the client asks for the difference:
 * pushes of concurrent transactions may arrive slightly out of order (docs/protocol/messaging.md, "Sync").
 */
export const GAP_HOLD_MS = 500;

export interface SyncOptions {
  onError?: (error: unknown) => void;
  holdMs?: number;
  /** Injectable for tests; defaults to setTimeout. */
  schedule?: (callback: () => void, ms: number) => unknown;
}

/**
 * Serializes everything that touches pts (pushes, catch-ups) through one promise chain, so a push that arrives
 * while a difference is being fetched is classified again afterwards and applied exactly once or dropped.
 */
export class UpdateSync<U> {
  private pts: number | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Pushes that arrived ahead of a gap, waiting for the positions before them. */
  private held: UpdateBatch<U>[] = [];
  private holding = false;
  private readonly onError: (error: unknown) => void;
  private readonly holdMs: number;
  private readonly schedule: (callback: () => void, ms: number) => unknown;

  constructor(
    private readonly source: SyncSource<U>,
    private readonly sink: SyncSink<U>,
    options: SyncOptions = {},
  ) {
    this.onError = options.onError ?? (() => undefined);
    this.holdMs = options.holdMs ?? GAP_HOLD_MS;
    this.schedule = options.schedule ?? ((callback, ms) => setTimeout(callback, ms));
  }

  get localPts(): number | null {
    return this.pts;
  }

  /** Resolves when every queued step has run (tests, and callers that need the stream quiet). */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Call after every (re)connect: recovers whatever happened while we were away. */
  catchUp(): Promise<void> {
    return this.enqueue(async () => {
      if (this.pts === null) this.pts = await this.sink.loadPts();
      if (this.pts === null) {
        const state = await this.source.getState();
        await this.sink.resync();
        await this.setPts(state.pts);
        return;
      }
      await this.fillGap();
    });
  }

  /**
   * Starts from the server's current position: the application reloads its state (resync) and then follows the log
   * from there. Used when the in-memory state is empty (a page load), where replaying a long difference onto
   * freshly loaded dialogs would be wasted work.
   */
  rebase(): Promise<void> {
    return this.enqueue(async () => {
      const state = await this.source.getState();
      await this.sink.resync();
      await this.setPts(state.pts);
      await this.drainHeld();
    });
  }

  /** A pushed batch. */
  push(batch: UpdateBatch<U>): Promise<void> {
    return this.enqueue(async () => {
      if (this.pts === null) this.pts = await this.sink.loadPts();
      if (this.pts === null) {
        // Never synced: the catch-up that follows the connect establishes the baseline.
        return;
      }
      switch (classifyBatch(this.pts, batch)) {
        case 'apply':
          this.sink.apply(batch.updates);
          if (batch.ptsCount > 0) {
            await this.setPts(batch.pts);
            await this.drainHeld();
          }
          return;
        case 'stale':
          return;
        case 'gap':
          this.held.push(batch);
          this.holdForGap();
          return;
      }
    });
  }

  /** Gives the missing pushes a moment to arrive; then asks the server. */
  private holdForGap(): void {
    if (this.holding) return;
    this.holding = true;
    this.schedule(() => {
      this.holding = false;
      if (this.held.length === 0) return;
      this.enqueue(async () => {
        if (this.held.length > 0) await this.fillGap();
      }).catch(() => undefined);
    }, this.holdMs);
  }

  /** Applies held pushes that now fit, drops those a difference already covered. */
  private async drainHeld(): Promise<void> {
    let progressed = true;
    while (progressed && this.held.length > 0) {
      progressed = false;
      this.held.sort((a, b) => a.pts - a.ptsCount - (b.pts - b.ptsCount));
      for (const batch of [...this.held]) {
        const verdict = classifyBatch(this.pts ?? 0, batch);
        if (verdict === 'gap') continue;
        this.held.splice(this.held.indexOf(batch), 1);
        if (verdict === 'apply') {
          this.sink.apply(batch.updates);
          await this.setPts(batch.pts);
          progressed = true;
        }
      }
    }
  }

  private async fillGap(): Promise<void> {
    for (let page = 0; page < MAX_PAGES_PER_CATCH_UP; page++) {
      const from = this.pts ?? 0;
      const diff = await this.source.getDifference(from);
      if (diff.tooLong) {
        await this.sink.resync();
        await this.setPts(diff.pts);
        await this.drainHeld();
        return;
      }
      if (diff.updates.length > 0) this.sink.apply(diff.updates);
      await this.setPts(Math.max(from, diff.pts));
      if (diff.final) {
        await this.drainHeld();
        return;
      }
      if (diff.pts <= from) throw new Error(`updates.getDifference did not advance past pts ${from}`);
    }
    throw new Error('updates.getDifference never reached final');
  }

  private async setPts(pts: number): Promise<void> {
    this.pts = pts;
    await this.sink.savePts(pts);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task);
    // A failed step must not wedge the chain: report it; the next connect's catch-up starts from the saved pts.
    this.chain = run.catch((error: unknown) => this.onError(error));
    return run;
  }
}
