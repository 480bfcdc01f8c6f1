/**
 * The lease server that holds the run's ceilings for every worker process, and its client: a lease
 * is a TCP connection (see limiter.ts).
 */
import net from 'node:net';
import { Throttle, type Limiter, type ThrottleLimits } from './ceilings';

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

export class LeaseClient implements Limiter {
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
