/**
 * A first-come, first-served lock for one document's store operations: with an asynchronous
 * store a write is in flight across ticks, and a second write of the same pending updates (or
 * a compaction between an append and its acknowledgement) must wait for it.
 */
export class Mutex {
  private locked = false;
  private readonly waiters: (() => void)[] = [];

  get isLocked(): boolean {
    return this.locked;
  }

  /** Take the lock if it is free (the shared write tick: it skips a busy room till the next tick). */
  tryLock(): boolean {
    if (this.locked) return false;
    this.locked = true;
    return true;
  }

  lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  unlock(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    await this.lock();
    try {
      return await fn();
    } finally {
      this.unlock();
    }
  }
}
