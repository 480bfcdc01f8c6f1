import { request } from '@playwright/test';
import type { Person } from '../population/types';
import { routeCall, whoamiRoute } from '../profile/route';
import { personValues } from '../population/template-values';
import type { Provisioned } from '../provisioning/provision';
import type { Target } from '../run/target';
import { limited } from '../transport/limiter';
import { uncached } from '../probes/vectors';
import type { Bindings } from '../util/template';
import type { DoctorRow } from './rows';

/**
 * A whoami that would hold the proof for anyone proves nothing: people must have distinct values
 * of the binding it proves, and an anonymous visitor asking for someone must not get their value.
 */
export async function whoamiProvesSomeone(target: Target, people: readonly Person[], provisioned: Provisioned, rows: DoctorRow[]): Promise<void> {
  const { profile, baseURL } = target;
  const proof = profile.auth.whoami.proves ?? 'email';
  const valueOf = (person: Person): string | undefined => {
    const values: Bindings = { ...provisioned.people.find((seeded) => seeded.key === person.key)?.bindings, ...personValues(person) };
    const value = values[proof];
    return value === undefined ? undefined : String(value);
  };
  const subject = 'whoami proves who is signed in';
  const seen = new Map<string, string>();
  for (const person of people) {
    const value = valueOf(person);
    if (value === undefined) continue;
    const other = seen.get(value.toLowerCase());
    if (other) {
      rows.push({ subject, got: `${other} and ${person.key} have the same {${proof}}`, problem: `{${proof}} is shared between people: it proves nothing`, field: 'auth.whoami.proves' });
      return;
    }
    seen.set(value.toLowerCase(), person.key);
  }
  const first = people[0];
  const expected = first && valueOf(first);
  if (!first || expected === undefined) return;
  const values: Bindings = { ...provisioned.people.find((seeded) => seeded.key === first.key)?.bindings, ...personValues(first) };
  const call = routeCall(whoamiRoute(profile), values);
  // A nonce: a cache keyed on the URL alone is the scan's finding, not a profile mistake.
  const anonymous = await request.newContext({ baseURL });
  try {
    const answer = await limited(() =>
      anonymous.fetch(uncached(call.url), { method: call.method, headers: call.headers, data: call.data, failOnStatusCode: false, maxRedirects: 0 }),
    );
    const text = (await answer.text()).toLowerCase();
    if (answer.ok() && text.includes(expected.toLowerCase())) {
      rows.push({ subject, got: `anonymous gets ${answer.status()} with ${first.key}'s {${proof}}`, problem: 'the whoami answers anybody with the value it should prove: it proves nothing', field: 'auth.whoami.path' });
      return;
    }
    rows.push({ subject, got: `{${proof}} distinct per person; anonymous gets ${answer.status()} without it` });
  } finally {
    await anonymous.dispose();
  }
}
