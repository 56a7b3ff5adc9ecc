import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../src/state/keyedQueue';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('KeyedQueue', () => {
  it('runs the tasks of one key in the order they were added, however long each takes', async () => {
    const queue = new KeyedQueue<number>();
    const done: string[] = [];
    await Promise.all([
      queue.run(1, async () => { await delay(30); done.push('first'); }),
      queue.run(1, async () => { await delay(1); done.push('second'); }),
      queue.run(1, async () => { done.push('third'); }),
    ]);
    expect(done).toEqual(['first', 'second', 'third']);
    expect(queue.busyKeys).toBe(0);
  });

  it('lets different keys run side by side', async () => {
    const queue = new KeyedQueue<number>();
    const done: string[] = [];
    await Promise.all([
      queue.run(1, async () => { await delay(30); done.push('slow in 1'); }),
      queue.run(2, async () => { done.push('quick in 2'); }),
    ]);
    expect(done).toEqual(['quick in 2', 'slow in 1']);
  });

  it('goes on after a task that failed', async () => {
    const queue = new KeyedQueue<string>();
    const failed = queue.run('a', async () => { throw new Error('boom'); });
    const after = queue.run('a', async () => {});
    await expect(failed).rejects.toThrow('boom');
    await expect(after).resolves.toBeUndefined();
  });
});
