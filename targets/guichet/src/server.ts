import type { AddressInfo } from 'node:net';
import { buildGuichet } from './app';
import { parseGuichetFlaws } from './flaws';

/** `--port 3300` or GUICHET_PORT; GUICHET_DB (default :memory:), GUICHET_ADMIN_KEY, GUICHET_FLAWS. */
function port(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const index = argv.indexOf('--port');
  const raw = index >= 0 ? argv[index + 1] : env.GUICHET_PORT ?? '3300';
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) > 65535) throw new Error(`port: expected an integer from 0 to 65535, got "${raw}"`);
  return Number(raw);
}

let app: Awaited<ReturnType<typeof buildGuichet>>;
let listenPort: number;
try {
  listenPort = port(process.argv.slice(2), process.env);
  app = await buildGuichet({ dbPath: process.env.GUICHET_DB || ':memory:', adminKey: process.env.GUICHET_ADMIN_KEY, flaws: parseGuichetFlaws(process.env.GUICHET_FLAWS) });
} catch (error) {
  console.error(`guichet: configuration error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
await app.listen({ host: '127.0.0.1', port: listenPort });
console.log(`guichet listening on http://127.0.0.1:${(app.server.address() as AddressInfo).port} flaws=${process.env.GUICHET_FLAWS || 'none'}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
