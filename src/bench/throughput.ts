import type { ObjectKind } from '../profile/types';
import type { RunContext } from '../run/context';
import { fill } from '../util/template';
import { treeTicks } from './proc';
import { perSecond, summarize, type Summary } from './stats';

/** One GET the suite would send: an identity asking for one object through one API route. */
export interface ProbeTarget {
  key: string | undefined;
  url: string;
  routeTemplate: string;
  objectKey: string;
  ownerKey: string;
  expectDenied: boolean;
}

/**
 * The direct-id probes of the object checks: every identity (anonymous included) × every seeded
 * object × every API route of that object kind open to every role. Allowed and forbidden mixed,
 * bodies of every kind (JSON, PDF, PNG, ZIP exports), as the suite sends them.
 */
export function probeTargets(run: RunContext): ProbeTarget[] {
  const routes = run.profile.routes.filter((route) => route.channel === 'api' && (route.object === 'piece' || route.object === 'dossier') && !route.roles);
  const targets: ProbeTarget[] = [];
  for (const route of routes) {
    for (const object of run.allObjects(route.object as ObjectKind)) {
      const url = fill(route.path, object.bindings, encodeURIComponent);
      for (const key of run.identities()) {
        const expectDenied = key === undefined || !run.policy.mayRead(key, object.ownerKey);
        targets.push({ key, url, routeTemplate: route.path, objectKey: object.key, ownerKey: object.ownerKey, expectDenied });
      }
    }
  }
  return targets;
}

/** Sends one probe; resolves to the status and the body size once the whole body is read. */
export type Send = (target: ProbeTarget) => Promise<{ status: number; bytes: number }>;

export interface Client {
  name: string;
  description: string;
  send: Send;
  close(): Promise<void>;
  /** Anything the client noticed (leaks seen by the oracle). */
  notes?: () => Record<string, number>;
}

export interface PhaseResult {
  client: string;
  description: string;
  concurrency: number;
  seconds: number;
  requests: number;
  perSecond: number;
  latencyMs: Summary;
  /** Status class → count: the same probes must get the same answers whatever the client. */
  statuses: Record<string, number>;
  megabytesPerSecond: number;
  /** CPU spent per request, in ms: the benchmark process (the client) and the portal. */
  clientCpuMsPerRequest: number;
  portalCpuMsPerRequest: number;
  notes?: Record<string, number>;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Drives `concurrency` lanes over the targets round-robin: a warm-up (not counted), then a
 * measured window. Only requests started and finished inside the window count.
 */
export async function drive(client: Client, targets: readonly ProbeTarget[], options: { concurrency: number; warmupMs: number; measureMs: number; portalPid: number }): Promise<PhaseResult> {
  let cursor = 0;
  const warmupEnd = performance.now() + options.warmupMs;
  let measureStart = Number.POSITIVE_INFINITY;
  let measureEnd = Number.POSITIVE_INFINITY;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  let cpuStart: NodeJS.CpuUsage | undefined;
  let portalTicksStart = 0;

  const lane = async (): Promise<void> => {
    for (;;) {
      const now = performance.now();
      if (now >= measureEnd) return;
      if (now >= warmupEnd && measureStart === Number.POSITIVE_INFINITY) {
        measureStart = now;
        measureEnd = now + options.measureMs;
        cpuStart = process.cpuUsage();
        portalTicksStart = treeTicks([options.portalPid]);
      }
      const target = targets[cursor++ % targets.length] as ProbeTarget;
      const started = performance.now();
      const answer = await client.send(target);
      const ended = performance.now();
      if (started >= measureStart && ended <= measureEnd) {
        latencies.push(ended - started);
        const status = `${Math.floor(answer.status / 100)}xx`;
        statuses[status] = (statuses[status] ?? 0) + 1;
        bytes += answer.bytes;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  const cpu = process.cpuUsage(cpuStart);
  const portalTicks = treeTicks([options.portalPid]) - portalTicksStart;
  const elapsed = measureEnd - measureStart;
  const count = latencies.length;
  return {
    client: client.name,
    description: client.description,
    concurrency: options.concurrency,
    seconds: elapsed / 1000,
    requests: count,
    perSecond: perSecond(count, elapsed),
    latencyMs: summarize(latencies),
    statuses,
    megabytesPerSecond: perSecond(bytes, elapsed) / 1e6,
    clientCpuMsPerRequest: count ? (cpu.user + cpu.system) / 1000 / count : Number.NaN,
    portalCpuMsPerRequest: count ? (portalTicks * 1000) / CLOCK_TICKS_PER_SECOND / count : Number.NaN,
    notes: client.notes?.(),
  };
}
