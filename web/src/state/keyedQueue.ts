/**
 * Runs tasks one after another per key, each when the one added before it for that key has settled; tasks of
 * different keys run side by side. A task that fails does not hold up the ones after it.
 */
export class KeyedQueue<K> {
  private readonly tails = new Map<K, Promise<void>>();

  run(key: K, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.tails.set(key, next);
    const forget = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  /** Keys with a task running or waiting (for tests and diagnostics). */
  get busyKeys(): number {
    return this.tails.size;
  }
}
