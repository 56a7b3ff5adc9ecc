import { describe, expect, it } from 'vitest';
import { ChannelSync, type ChannelDifference, type ChannelSource } from '../src/protocol/channelSync';

/** A large chat's event stream on a fake server: events 1..n, pages of at most 2. */
function server(events: Map<number, string[]>) {
  const calls: string[] = [];
  const source: ChannelSource<string> = {
    async getStates() {
      calls.push('states');
      return [...events].map(([chatId, list]) => ({ chatId, seq: list.length }));
    },
    async getDifference(chatId, fromSeq): Promise<ChannelDifference<string>> {
      calls.push(`diff ${chatId} ${fromSeq}`);
      const list = events.get(chatId) ?? [];
      const page = list.slice(fromSeq, fromSeq + 2);
      const seq = fromSeq + page.length;
      return { updates: page, seq: page.length === 0 ? list.length : seq, final: seq >= list.length };
    },
  };
  return { source, calls };
}

function setup(events: Map<number, string[]>) {
  const applied: string[] = [];
  const discovered: number[] = [];
  const { source, calls } = server(events);
  const sync = new ChannelSync(source, { apply: (u) => applied.push(...u), discovered: (id) => discovered.push(id) });
  return { sync, applied, discovered, calls };
}

describe('large chat sync', () => {
  it('applies a push that continues the local seq, drops a replay, and fills a gap from the difference', async () => {
    const events = new Map([[7, ['a', 'b', 'c', 'd', 'e']]]);
    const { sync, applied } = setup(events);
    sync.track(7, 1);
    await sync.push({ chatId: 7, updates: ['b'], seq: 2, seqCount: 1 });
    await sync.push({ chatId: 7, updates: ['b'], seq: 2, seqCount: 1 });
    await sync.push({ chatId: 7, updates: ['e'], seq: 5, seqCount: 1 });
    expect(applied).toEqual(['b', 'c', 'd', 'e']);
    expect(sync.seqOf(7)).toBe(5);
  });

  it('follows a chat from a push that let the user in (an approved join request), and tells the app about it', async () => {
    const applied: string[] = [];
    const discovered: number[] = [];
    const { source } = server(new Map([[7, ['a', 'b', 'added-me']]]));
    const sync = new ChannelSync(source, {
      apply: (u) => applied.push(...u),
      discovered: (id) => discovered.push(id),
      adopt: (batch) => batch.updates.includes('added-me'),
    });
    await sync.push({ chatId: 7, updates: ['b'], seq: 2, seqCount: 1 });
    expect(sync.seqOf(7)).toBeUndefined();
    await sync.push({ chatId: 7, updates: ['added-me'], seq: 3, seqCount: 1 });
    expect(sync.seqOf(7)).toBe(3);
    expect(discovered).toEqual([7]);
    expect(applied).toEqual([]);
  });

  it('ignores pushes of chats it does not follow', async () => {
    const { sync, applied } = setup(new Map([[7, ['a']]]));
    await sync.push({ chatId: 7, updates: ['a'], seq: 1, seqCount: 1 });
    expect(applied).toEqual([]);
  });

  it('on a page load starts from the server’s seqs without replaying history', async () => {
    const { sync, applied } = setup(new Map([[7, ['a', 'b', 'c']]]));
    await sync.rebase();
    expect(sync.seqOf(7)).toBe(3);
    expect(applied).toEqual([]);
  });

  it('after a reconnect fetches what each chat missed, notices chats joined elsewhere and forgets chats left', async () => {
    const events = new Map([
      [7, ['a', 'b']],
      [8, ['x']],
    ]);
    const { sync, applied, discovered } = setup(events);
    await sync.rebase();
    sync.track(9, 4);
    events.get(7)?.push('c', 'd', 'e');
    events.set(10, ['new']);
    await sync.catchUp();
    expect(applied).toEqual(['c', 'd', 'e']);
    expect(discovered).toEqual([10]);
    expect(sync.seqOf(9)).toBeUndefined();
    expect(sync.seqOf(7)).toBe(5);
  });
});
