import type { Channel } from '../findings/types';
import type { RouteSpec } from '../profile/types';
import type { RunContext, SeededObject } from '../run/context';
import type { ProbeContext } from '../session/exchange';

/** What is sent: the check, the route (or what stands for it: a crawl's start pages), the vector. */
export interface ProbeOf {
  check: string;
  routeTemplate: string;
  vector: string;
  channel: Channel;
  /** True when the requester must be refused; false (a positive control, a crawl) by default. */
  expectDenied?: boolean;
}

/** Who asks, and about whom. */
export interface ProbeAim {
  /** Undefined: nobody signed in. */
  requesterKey?: string;
  /** The owner of what is aimed at; the object's owner when an object is given. */
  victimKey?: string;
  /** The seeded object aimed at: the probe's resource and, by default, its victim. */
  object?: SeededObject;
  resource?: ProbeContext['resource'];
  /** Stated when the policy's relationship is not what the probe is about (a session after logout is nobody's). */
  relationship?: string;
}

/**
 * The one way a probe's context is built: every finding it leads to is attributed from this. The
 * relationship is the policy's, from the requester to the victim, unless the probe states it.
 */
export function probeContext(run: RunContext, probe: ProbeOf, aim: ProbeAim = {}): ProbeContext {
  const { requesterKey, object } = aim;
  const victimKey = aim.victimKey ?? object?.ownerKey;
  const relationship = aim.relationship ?? (victimKey === undefined ? undefined : run.policy.relationship(requesterKey, victimKey));
  const resource = aim.resource ?? (object ? resourceOf(run, object) : undefined);
  return {
    check: probe.check,
    routeTemplate: probe.routeTemplate,
    vector: probe.vector,
    channel: probe.channel,
    ...(victimKey !== undefined ? { victimKey } : {}),
    ...(relationship !== undefined ? { relationship } : {}),
    ...(resource ? { resource } : {}),
    expectDenied: probe.expectDenied ?? false,
  };
}

/** A seeded object as a probe's resource: its kind, key and id. */
export function resourceOf(run: RunContext, object: SeededObject): NonNullable<ProbeContext['resource']> {
  return { kind: object.kind, key: object.key, id: String(object.bindings[run.profile.ids[object.kind]] ?? '') };
}

/** The class of a requester when no victim is aimed at: its role, or anonymous. */
export const requesterClass = (run: RunContext, requesterKey: string | undefined): string => (requesterKey === undefined ? 'anonymous' : run.person(requesterKey).role);

/** A probe of a profile route, through the route's own channel. */
export function onRoute(check: string, route: Pick<RouteSpec, 'path' | 'channel'>, vector: string, expectDenied = false): ProbeOf {
  return { check, routeTemplate: route.path, vector, channel: route.channel, expectDenied };
}

/** A probe by a session nobody holds any more (logged out, planted, forged): a stranger to its victim. */
export function nobodysProbe(run: RunContext, probe: ProbeOf, victimKey: string): ProbeContext {
  return probeContext(run, probe, { victimKey, relationship: 'anonymous' });
}
