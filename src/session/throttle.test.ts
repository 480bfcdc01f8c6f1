import { expect, test } from '@playwright/test';
import { probeLimits, readSettings, writesAllowed } from '../settings/settings';
import { spawn } from 'node:child_process';
import { startLimiterServer, Throttle, type Clock } from '../transport/limiter';
import { ProbeTally } from './throttle';

/** A clock that only moves when someone sleeps: the schedule is asserted, not the wall time. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 1_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

test('requests per second: starts are spaced by 1/rps plus a 5% margin for the way to the target', async () => {
  const clock = fakeClock();
  const throttle = new Throttle({ requestsPerSecond: 4, concurrency: 0 }, clock);
  const starts: number[] = [];
  for (let i = 0; i < 4; i++) await throttle.run(() => Promise.resolve(starts.push(clock.now())));
  expect(starts).toEqual([1000, 1262.5, 1525, 1787.5]);
});

test('concurrency: never more than the ceiling in flight, and every send completes', async () => {
  const throttle = new Throttle({ requestsPerSecond: 0, concurrency: 2 });
  let inFlight = 0;
  let highest = 0;
  let done = 0;
  const gates: (() => void)[] = [];
  const sends = Array.from({ length: 6 }, (_, i) =>
    throttle.run(async () => {
      inFlight++;
      highest = Math.max(highest, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight--;
      done++;
      return i;
    }),
  );
  // Release the held sends one by one until all have run.
  while (done < 6) {
    await new Promise((resolve) => setImmediate(resolve));
    gates.shift()?.();
  }
  expect(await Promise.all(sends)).toEqual([0, 1, 2, 3, 4, 5]);
  expect(highest).toBe(2);
});

test('a failing send frees its slot', async () => {
  const throttle = new Throttle({ requestsPerSecond: 0, concurrency: 1 });
  await expect(throttle.run(() => Promise.reject(new Error('socket hang up')))).rejects.toThrow('socket hang up');
  await expect(throttle.run(() => Promise.resolve('next'))).resolves.toBe('next');
});

test('requests per second: never more than rps starts in any one-second window, even after an idle spell', async () => {
  const clock = fakeClock();
  const throttle = new Throttle({ requestsPerSecond: 5, concurrency: 0 }, clock);
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) await throttle.run(() => Promise.resolve(starts.push(clock.now())));
  await clock.sleep(10);
  for (let i = 0; i < 10; i++) await throttle.run(() => Promise.resolve(starts.push(clock.now())));
  for (const start of starts) expect(starts.filter((other) => other >= start && other < start + 1000).length).toBeLessThanOrEqual(5);
});

test('one lease server holds the ceilings for several processes: never more than the in-flight ceiling, nor rps in a second', async () => {
  test.setTimeout(60_000);
  const server = await startLimiterServer({ requestsPerSecond: 10, concurrency: 2 });
  const events: { at: number; delta: number }[] = [];
  // Each child takes 8 leases, holding each 30 ms, and reports when it got and gave back each one.
  const child = `
    const net = require('node:net');
    const [host, port] = process.env.LEASES.split(':');
    (async () => {
      await Promise.all(Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 2; i++) {
          const socket = net.connect(Number(port), host);
          socket.write('a');
          await new Promise((resolve) => socket.once('data', resolve));
          process.send({ at: Date.now(), delta: 1 });
          await new Promise((resolve) => setTimeout(resolve, 30));
          process.send({ at: Date.now(), delta: -1 });
          socket.destroy();
        }
      }));
      process.exit(0);
    })();`;
  try {
    await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<void>((resolve, reject) => {
            const worker = spawn(process.execPath, ['-e', child], { env: { ...process.env, LEASES: server.address }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
            worker.on('message', (message) => events.push(message as { at: number; delta: number }));
            worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))));
          }),
      ),
    );
  } finally {
    await server.close();
  }
  const grants = events.filter((event) => event.delta === 1).map((event) => event.at);
  expect(grants).toHaveLength(24);
  for (const start of grants) expect(grants.filter((other) => other >= start && other < start + 1000).length).toBeLessThanOrEqual(10);
  let inFlight = 0;
  let highest = 0;
  // Give-backs first at equal times: the child reports a release before the server hands the slot on.
  for (const event of events.sort((a, b) => a.at - b.at || a.delta - b.delta)) highest = Math.max(highest, (inFlight += event.delta));
  expect(highest).toBeLessThanOrEqual(2);
});

test('the tally counts probes by check family and the routes they covered', () => {
  const tally = new ProbeTally();
  tally.record({ check: 'objects/download', routeTemplate: '/a/{id}' });
  tally.record({ check: 'objects/view', routeTemplate: '/a/{id}' });
  tally.record({ check: 'sessions/logout', routeTemplate: '/logout' });
  expect(tally.toFile('RUN1')).toEqual({ runId: 'RUN1', byFamily: { objects: { requests: 2, routes: ['/a/{id}'] }, sessions: { requests: 1, routes: ['/logout'] } } });
});

test('ceilings and the write guard: conservative for any non-loopback target unless set', () => {
  const none = readSettings({});
  expect(probeLimits(none, 'http://127.0.0.1:3100')).toEqual({ requestsPerSecond: 0, concurrency: 0 });
  expect(probeLimits(none, 'https://recette.portail.example')).toEqual({ requestsPerSecond: 5, concurrency: 2 });
  expect(probeLimits(readSettings({ CLOISON_MAX_RPS: '20', CLOISON_MAX_CONCURRENCY: '8' }), 'https://recette.portail.example')).toEqual({ requestsPerSecond: 20, concurrency: 8 });
  expect(writesAllowed(none, 'http://localhost:3100')).toBe(true);
  expect(writesAllowed(none, 'https://recette.portail.example')).toBe(false);
  expect(writesAllowed(readSettings({ CLOISON_ALLOW_WRITES: 'true' }), 'https://recette.portail.example')).toBe(true);
  expect(writesAllowed(readSettings({ CLOISON_ALLOW_WRITES: 'false' }), 'http://127.0.0.1:3100')).toBe(false);
  expect(() => readSettings({ CLOISON_MAX_RPS: '0' })).toThrow('CLOISON_MAX_RPS must be an integer from 1');
});
