import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import { loadPortalConfig, type PortalConfig } from './config';

let config: PortalConfig;
try {
  config = loadPortalConfig(process.env, process.argv.slice(2));
} catch (error) {
  console.error(`portal: configuration error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const app = await buildApp(config);
await app.listen({ host: '127.0.0.1', port: config.port });
const { port } = app.server.address() as AddressInfo;
const flaws = [...config.flaws].join(',') || 'none';
console.log(`portal listening on http://127.0.0.1:${port} flaws=${flaws}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('portal: error while closing', error);
        process.exit(1);
      },
    );
  });
}
