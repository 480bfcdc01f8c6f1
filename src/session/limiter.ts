/**
 * One rate limiter for everything a run sends, across Playwright's worker processes.
 *
 * The config's global setup starts a lease server on loopback (one Throttle holding the run-wide
 * ceilings) and leaves its address in the run's folder for the workers. A lease is a TCP
 * connection: the server writes one byte when the request may go, and the lease ends when the
 * connection closes. A worker that dies closes its sockets, so a crash never holds a slot.
 *
 * Without a lease server (a tool running alone) the ceilings are held in this process; with no
 * ceiling at all (loopback defaults) nothing waits.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { assertTargetAlive, judgeFailure } from '../run/breaker';
import { runDir } from '../run/state';
import { probeLimits, readSettings } from '../settings/settings';

/** Where global setup leaves the run's lease server address (`off`: the run has no ceiling). */
function limiterFile(runId: string): string {
  return join(runDir(runId), 'limiter');
}

/** Written by global setup, before any worker starts, instead of an environment variable. */
export function publishLimiter(runId: string, address: string | undefined): void {
  mkdirSync(runDir(runId), { recursive: true, mode: 0o700 });
  writeFileSync(limiterFile(runId), address ?? 'off');
}

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

export interface LimiterServer {
  address: string;
  close(): Promise<void>;
}

export async function startLimiterServer(limits: ThrottleLimits): Promise<LimiterServer> {
  const throttle = new Throttle(limits);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let release: (() => void) | undefined;
    let closed = false;
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      closed = true;
      sockets.delete(socket);
      release?.();
    });
    // The first byte says what the client wants: a lease ("a"), or a charge for a request already gone ("c").
    socket.once('data', (request: Buffer) => {
      if (request[0] === 0x63) {
        throttle.charge();
        socket.end();
        return;
      }
      void throttle.acquire().then((granted) => {
        if (closed) return granted();
        release = granted;
        socket.write('g');
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

class LeaseClient implements Limiter {
  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  acquire(): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.port, this.host);
      socket.setNoDelay(true);
      const fail = (error: Error): void => reject(new Error(`cloison rate limiter at ${this.host}:${this.port} unreachable: ${error.message}`));
      socket.once('error', fail);
      socket.once('data', () => {
        socket.off('error', fail);
        socket.on('error', () => undefined);
        resolve(() => socket.destroy());
      });
      socket.write('a');
    });
  }

  charge(): void {
    const socket = net.connect(this.port, this.host);
    socket.on('error', () => undefined);
    socket.end('c');
  }
}

export const unlimited: Limiter = { acquire: () => Promise.resolve(() => undefined), charge: () => undefined };

let current: Limiter | undefined;

/** This process's limiter: the run's lease server when there is one. */
export function runLimiter(): Limiter {
  if (current) return current;
  const settings = readSettings();
  const file = limiterFile(settings.runId);
  const address = existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  if (address === 'off') current = unlimited;
  else if (address) {
    const [host = '127.0.0.1', port = '0'] = address.split(':');
    current = new LeaseClient(host, Number(port));
  } else {
    // A tool running alone (benchmark): the ceilings are held in this process.
    const limits = probeLimits(settings, settings.baseURLOverride ?? 'http://127.0.0.1');
    current = limits.requestsPerSecond > 0 || limits.concurrency > 0 ? new Throttle(limits) : unlimited;
  }
  return current;
}

/**
 * Sends one request under the run's ceilings, unless the target is known gone; a connection
 * failure is judged by the run's circuit breaker (see run/breaker.ts).
 */
export async function limited<T>(send: () => Promise<T>): Promise<T> {
  assertTargetAlive();
  const release = await runLimiter().acquire();
  let result: T;
  try {
    result = await send();
  } catch (error) {
    release();
    await judgeFailure(error);
    throw error;
  }
  release();
  return result;
}
