/** Something holding a live browser context that can give it up and reopen it later. */
export interface Evictable {
  /** Nothing runs in the context and nothing is waiting for an answer in it. */
  idle(): boolean;
  /** Saves what the context must carry when it reopens, then closes it. */
  evict(): Promise<void>;
}

/**
 * At most `limit` browser contexts of one worker stay open: each is a Chromium renderer (tens of
 * MB), and a worker that kept one per identity grew with the population (issue 17). Past the
 * limit, the least recently used idle ones are closed; their owner reopens them on next use. A
 * context in use is never closed: while every open one is in use the limit is exceeded, and the
 * surplus is closed as soon as they are given back.
 */
export class ContextBound {
  /** Open contexts, least recently used first (a Map keeps insertion order). */
  private readonly open = new Map<Evictable, true>();
  /** Contexts closed to keep the limit (the self-tests read it). */
  evictions = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`a context bound must be a positive integer (got ${limit})`);
  }

  get size(): number {
    return this.open.size;
  }

  /** The holder's context is open and used now: it becomes the most recently used. */
  async touch(holder: Evictable): Promise<void> {
    this.open.delete(holder);
    this.open.set(holder, true);
    await this.trim();
  }

  /** The holder closed its context itself (disposal). */
  forget(holder: Evictable): void {
    this.open.delete(holder);
  }

  /** Closes idle contexts, least recently used first, until the limit holds or only busy ones are left. */
  async trim(): Promise<void> {
    for (const holder of [...this.open.keys()]) {
      if (this.open.size <= this.limit) return;
      // Checked right before the call: evict() detaches the context before its first await.
      if (!this.open.has(holder) || !holder.idle()) continue;
      this.open.delete(holder);
      this.evictions++;
      await holder.evict();
    }
  }
}
