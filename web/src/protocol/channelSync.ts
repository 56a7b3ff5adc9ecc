import { classifyBatch } from './sync';

/**
 * Sync of supergroups and channels (docs/protocol/channels.md, "Client algorithm for large chats"). Their events
 * never enter the user's update log; each chat has its own gap-free event sequence `seq`, pushed as
 * `{chatId, updates, seq, seqCount}` and readable with channels.getDifference. This keeps one local seq per joined
 * large chat, in memory: a page load starts from the server's seqs (rebase) because it loads dialogs and histories
 * fresh anyway; later reconnects catch up from the local seqs. All steps run through one promise chain, so a push
 * that arrives during a catch-up is classified against the seq the catch-up left.
 */
export interface ChatUpdateBatch<U> {
  chatId: number;
  updates: U[];
  seq: number;
  seqCount: number;
}

export interface ChannelDifference<U> {
  updates: U[];
  seq: number;
  final: boolean;
}

export interface ChannelSource<U> {
  getStates(): Promise<{ chatId: number; seq: number }[]>;
  getDifference(chatId: number, fromSeq: number): Promise<ChannelDifference<U>>;
}

export interface ChannelSink<U> {
  apply(updates: U[]): void;
  /** A large chat the user belongs to that this client does not know yet (joined on another device). */
  discovered(chatId: number): void;
  /** A push of a chat not followed: whether it let this user in (an approved join request), so it is followed now. */
  adopt?(batch: ChatUpdateBatch<U>): boolean;
}

export class ChannelSync<U> {
  private readonly seqs = new Map<number, number>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: ChannelSource<U>,
    private readonly sink: ChannelSink<U>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** The local seq of a chat, if it is followed. */
  seqOf(chatId: number): number | undefined {
    return this.seqs.get(chatId);
  }

  /** Follows a chat from `seq` on (just created or joined: its history up to `seq` is loaded as messages). */
  track(chatId: number, seq: number): void {
    if (!this.seqs.has(chatId)) this.seqs.set(chatId, seq);
  }

  forget(chatId: number): void {
    this.seqs.delete(chatId);
  }

  /** After a page load: follow every joined large chat from the server's current seq. */
  rebase(): Promise<void> {
    return this.enqueue(async () => {
      this.seqs.clear();
      for (const { chatId, seq } of await this.source.getStates()) this.seqs.set(chatId, seq);
    });
  }

  /** After a reconnect: fetch what every followed chat missed; notice chats joined elsewhere, drop ones left. */
  catchUp(): Promise<void> {
    return this.enqueue(async () => {
      const states = await this.source.getStates();
      const current = new Set(states.map((s) => s.chatId));
      for (const chatId of [...this.seqs.keys()]) if (!current.has(chatId)) this.seqs.delete(chatId);
      for (const { chatId, seq } of states) {
        const local = this.seqs.get(chatId);
        if (local === undefined) {
          this.seqs.set(chatId, seq);
          this.sink.discovered(chatId);
        } else if (seq > local) {
          await this.fill(chatId);
        }
      }
    });
  }

  push(batch: ChatUpdateBatch<U>): Promise<void> {
    return this.enqueue(async () => {
      const local = this.seqs.get(batch.chatId);
      // Not followed (yet): the join's own result or the next catch-up brings this chat's state, unless the frame
      // itself says the user was let in (its history up to this seq comes with the chat's first open).
      if (local === undefined) {
        if (this.sink.adopt?.(batch)) {
          this.seqs.set(batch.chatId, batch.seq);
          this.sink.discovered(batch.chatId);
        }
        return;
      }
      switch (classifyBatch(local, { pts: batch.seq, ptsCount: batch.seqCount })) {
        case 'apply':
          this.sink.apply(batch.updates);
          if (batch.seqCount > 0) this.seqs.set(batch.chatId, batch.seq);
          return;
        case 'stale':
          return;
        case 'gap':
          await this.fill(batch.chatId);
      }
    });
  }

  private async fill(chatId: number): Promise<void> {
    for (;;) {
      const from = this.seqs.get(chatId);
      if (from === undefined) return;
      const page = await this.source.getDifference(chatId, from);
      if (page.updates.length > 0) this.sink.apply(page.updates);
      this.seqs.set(chatId, page.seq);
      if (page.final || page.updates.length === 0) return;
    }
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.chain.then(step);
    this.chain = run.catch((error: unknown) => this.onError(error));
    return run;
  }
}
