import type { RouteSpec } from '../profile/types';
import type { RunContext, SeededObject } from '../run/context';
import type { ProbeContext } from '../session/exchange';

/**
 * What a probe of a route aimed at someone's object is about: who asks, whose object, through
 * which vector. Every finding it leads to is attributed from this.
 */
export function objectProbeContext(
  run: RunContext,
  check: string,
  route: RouteSpec,
  requesterKey: string | undefined,
  object: SeededObject,
  vector: string,
  expectDenied: boolean,
): ProbeContext {
  return {
    check,
    routeTemplate: route.path,
    vector,
    channel: route.channel,
    victimKey: object.ownerKey,
    relationship: run.policy.relationship(requesterKey, object.ownerKey),
    resource: { kind: object.kind, key: object.key, id: String(object.bindings[run.profile.ids[object.kind]] ?? '') },
    expectDenied,
  };
}
