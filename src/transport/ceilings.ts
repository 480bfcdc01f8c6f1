/** The run's ceilings (requests per second, sends in flight) held in one process. */

export interface ThrottleLimits {
  /** 0: unlimited. */
  requestsPerSecond: number;
  /** 0: unlimited. */
  concurrency: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

// Margins over one second and 1/rps: a start the limiter grants reaches the target a moment later,
// and on a loaded machine two grants can arrive closer than they left.
const WINDOW_MS = 1100;
const SPACING_FACTOR = 1.05;

/**
 * Spaces starts by 1/rps, never lets more than `rps` start in any 1000 ms, and holds at most
 * `concurrency` sends in flight, first come first served.
 */
export class Throttle {
  private nextStart = 0;
  private inFlight = 0;
  private readonly starts: number[] = [];
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limits: ThrottleLimits,
    private readonly clock: Clock = realClock,
  ) {}

  async run<T>(send: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await send();
    } finally {
      release();
    }
  }

  /** Waits for a slot and for the pace; the caller calls the returned function when its send is over. */
  async acquire(): Promise<() => void> {
    await this.slot();
    try {
      await this.pace();
    } catch (error) {
      this.release();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release();
    };
  }

  charge(): void {
    const rps = this.limits.requestsPerSecond;
    if (rps <= 0) return;
    const now = this.clock.now();
    this.nextStart = Math.max(this.nextStart, now + (1000 * SPACING_FACTOR) / rps);
    this.starts.push(now);
    this.starts.sort((a, b) => a - b);
    if (this.starts.length > Math.max(1, Math.floor(rps))) this.starts.shift();
  }

  private async slot(): Promise<void> {
    if (this.limits.concurrency <= 0) return;
    if (this.inFlight < this.limits.concurrency) {
      this.inFlight++;
      return;
    }
    // The releaser hands its slot over directly, so inFlight never dips and a newcomer cannot jump the queue.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    if (this.limits.concurrency <= 0) return;
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }

  private async pace(): Promise<void> {
    const rps = this.limits.requestsPerSecond;
    if (rps <= 0) return;
    const now = this.clock.now();
    // The ceiling holds in every one-second window, not on average: the rps-th previous start
    // must be a second old, plus a margin for the jitter between here and the target's socket.
    const window = Math.max(1, Math.floor(rps));
    const windowStart = this.starts.length >= window ? (this.starts[this.starts.length - window] ?? 0) + WINDOW_MS : 0;
    const start = Math.max(now, this.nextStart, windowStart);
    this.nextStart = start + (1000 * SPACING_FACTOR) / rps;
    this.starts.push(start);
    if (this.starts.length > window) this.starts.shift();
    if (start > now) await this.clock.sleep(start - now);
  }
}

export interface Limiter {
  /** Resolves when a request may be sent; call the returned function once its answer is in. */
  acquire(): Promise<() => void>;
  /**
   * Counts a request that left without asking (a redirect the browser followed on its own) in
   * the per-second ceiling, so the requests after it wait their turn.
   */
  charge(): void;
}
