import { test as base } from '@playwright/test';
import type { FlawId } from '../../src/flaws/catalog';
import { Population } from './population';
import { startPortal, type PortalOptions, type RunningPortal } from './portal';

export interface SeededPortal {
  portal: RunningPortal;
  population: Population;
}

export interface PortalPool {
  /** A seeded portal with exactly these flaws on, shared by the tests of this worker. */
  seeded(flaws?: readonly FlawId[]): Promise<SeededPortal>;
  /** A portal of its own (closed with the worker), e.g. with a small upload limit or no provisioning. */
  start(options: PortalOptions): Promise<RunningPortal>;
}

/**
 * One pool per worker: starting and seeding a portal costs scrypt hashes and logins, so every
 * flaw configuration is started once per worker and every test of that configuration reuses it.
 * Tests that spend state (delete, overwrite, logout) provision their own victim or session.
 */
export const test = base.extend<object, { portals: PortalPool }>({
  portals: [
    async ({}, use) => {
      const seeded = new Map<string, Promise<SeededPortal>>();
      const started: Promise<RunningPortal>[] = [];
      const start = (options: PortalOptions): Promise<RunningPortal> => {
        const portal = startPortal(options);
        started.push(portal);
        return portal;
      };
      await use({
        start,
        seeded(flaws = []) {
          const key = [...flaws].sort().join(',');
          let entry = seeded.get(key);
          if (!entry) {
            entry = start({ flaws }).then(async (portal) => ({ portal, population: await new Population(portal).seed() }));
            seeded.set(key, entry);
          }
          return entry;
        },
      });
      const results = await Promise.allSettled(started);
      await Promise.all(results.map((result) => (result.status === 'fulfilled' ? result.value.close() : Promise.resolve())));
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
