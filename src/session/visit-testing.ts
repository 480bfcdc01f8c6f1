/**
 * What the browser-visit self-tests share: a page server on a free loopback port, an oracle that
 * knows one secret, and the probe context of a UI visit. Imported only by *.test.ts files.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScanResult } from '../oracle/scan';
import type { ProbeContext } from './exchange';

export async function pageServer(listener: RequestListener): Promise<{ server: Server; baseURL: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** An oracle whose only marker is `secret`, someone else's. */
export function secretScanner(secret: string): { scan: (input: { body: Uint8Array }) => ScanResult } {
  return {
    scan: ({ body }) => ({
      evidence: Buffer.from(body).toString('utf8').includes(secret) ? [{ kind: 'canary', value: secret, ownerKey: 'someone', location: 'body' }] : [],
      cuts: [],
      notes: [],
      inflatedBytes: body.byteLength,
    }),
  };
}

export const UI_PROBE: ProbeContext = { check: 'objects/view', routeTemplate: '/x', vector: 'direct-id', channel: 'ui', expectDenied: true };
