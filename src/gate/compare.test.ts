import { expect, test } from '@playwright/test';
import { rootCauseIdOf } from '../findings/root-cause';
import { BaselineError, parseBaseline } from '../findings/baseline';
import { compareReports, formatComparison, type ComparedFinding } from './compare';

const ID = (n: number): string => n.toString(16).padStart(16, '0');
const today = new Date('2026-06-15T12:00:00Z');
const f = (n: number, route: string, overrides: Partial<ComparedFinding> = {}): ComparedFinding => ({
  id: ID(n),
  check: 'objects/download',
  verdict: 'leak',
  severity: 'critical',
  title: `finding ${n}`,
  routeTemplate: route,
  vector: `vector-${n}`,
  attacker: { key: 'u2', role: 'usager', relationship: 'same-office' },
  instanceCount: 2,
  ...overrides,
});
const A = '/files/{id}/content';
const B = '/files/{id}';
const C = '/folders/{id}/files';
const causeA = rootCauseIdOf({ check: 'objects/download', routeTemplate: A });
const causeB = rootCauseIdOf({ check: 'objects/download', routeTemplate: B });

test('one missing check seen through many vectors and checks is one new root cause, its findings beneath', () => {
  const regression = [f(1, A), f(2, `HEAD ${A}`), f(3, A, { check: 'discovery/download' }), f(4, A, { check: 'roles/download', attacker: { key: 'a1', role: 'agent', relationship: 'other-office' } })];
  const result = compareReports({ findings: [] }, { findings: regression }, [], today);
  expect(result.new.map((e) => [e.cause.id, e.findings.length])).toEqual([[causeA, 4]]);
  expect(result.new[0]?.cause).toMatchObject({ access: 'read', relationships: ['other-office', 'same-office'], instanceCount: 8 });
  expect(result.passed).toBe(false);
  const text = formatComparison(result, { previous: 'r1', current: 'r2' });
  expect(text).toContain(`NEW ROOT CAUSES (1)\n  ${causeA}  [leak/critical] read ${A} — 4 findings, 8 instances`);
  for (const n of [1, 2, 3, 4]) expect(text).toContain(`        ${ID(n)}  [leak/critical]`);
  expect(text).toContain('FAIL: 1 new root cause (4 findings beneath).');
  // And back: one root cause fixed, the gate passes.
  const back = compareReports({ findings: regression }, { findings: [] }, [], today);
  expect(back.fixed.map((e) => e.cause.id)).toEqual([causeA]);
  expect(back.passed).toBe(true);
});

test('fixed, new and still present by root cause; a new vector of a known root cause is listed, not a new root cause', () => {
  const result = compareReports({ findings: [f(1, A), f(2, B)] }, { findings: [f(1, A), f(5, A), f(3, C)] }, [], today);
  expect(result.fixed.map((e) => e.cause.id)).toEqual([causeB]);
  expect(result.new.map((e) => e.cause.routeTemplate)).toEqual([C]);
  expect(result.stillPresent.map((e) => [e.cause.id, e.newFindings.map((x) => x.id)])).toEqual([[causeA, [ID(5)]]]);
  expect(formatComparison(result, { previous: 'a', current: 'b' })).toContain(`findings beneath (new since the previous report):\n        ${ID(5)}`);
  const quiet = compareReports({ findings: [f(1, A), f(2, B)] }, { findings: [f(1, A), f(5, A)] }, [], today);
  expect(quiet.passed).toBe(true);
  expect(formatComparison(quiet, { previous: 'a', current: 'b' })).toContain('PASS: no new root cause.');
});

test('a known root cause that now lets another class of people through is widened, and fails', () => {
  const result = compareReports({ findings: [f(1, A)] }, { findings: [f(1, A), f(6, A, { attacker: { key: 'anonymous', role: 'anonymous', relationship: 'anonymous' } })] }, [], today);
  expect(result.widened.map((e) => [e.cause.id, e.newRelationships])).toEqual([[causeA, ['anonymous']]]);
  expect(result.passed).toBe(false);
  expect(formatComparison(result, { previous: 'a', current: 'b' })).toContain('got through: anonymous, same-office (new: anonymous)');
});

test('a baseline accepts a root cause by its id, or by every finding id beneath it (older baselines)', () => {
  const current = { findings: [f(1, A), f(2, A), f(3, C)] };
  const byCause = compareReports({ findings: [] }, current, parseBaseline({ accepted: [{ id: causeA, reason: 'vendor fix planned for 2026.07', expires: '2026-06-15' }] }), today);
  expect(byCause.accepted.map((a) => a.entry.cause.id)).toEqual([causeA]);
  expect(byCause.new.map((e) => e.cause.routeTemplate)).toEqual([C]);
  const byFindings = compareReports({ findings: [] }, { findings: [f(1, A), f(2, A)] }, parseBaseline([{ id: ID(1), reason: 'old entry', expires: '2026-12-31' }, { id: ID(2), reason: 'old entry', expires: '2026-12-31' }]), today);
  expect(byFindings.passed).toBe(true);
  expect(byFindings.accepted).toHaveLength(1);
  // Half of the findings accepted is not the root cause accepted.
  const partly = compareReports({ findings: [] }, { findings: [f(1, A), f(2, A)] }, parseBaseline([{ id: ID(1), reason: 'old entry', expires: '2026-12-31' }]), today);
  expect(partly.passed).toBe(false);
  expect(partly.new.map((e) => e.cause.id)).toEqual([causeA]);
});

test('an expired acceptance fails the gate and no longer covers its root cause', () => {
  const baseline = parseBaseline({ accepted: [{ id: causeA, reason: 'vendor fix planned', expires: '2026-06-14' }] });
  const result = compareReports({ findings: [] }, { findings: [f(1, A)] }, baseline, today);
  expect(result.expired.map((a) => a.id)).toEqual([causeA]);
  expect(result.new.map((e) => e.cause.id)).toEqual([causeA]);
  expect(result.passed).toBe(false);
  // Even when its root cause is gone: the stale entry must be removed or renewed.
  expect(compareReports({ findings: [] }, { findings: [] }, baseline, today).passed).toBe(false);
});

for (const [entry, message] of [
  [{ id: ID(1), expires: '2026-12-31' }, 'needs a reason'],
  [{ id: ID(1), reason: 'accepted risk' }, 'needs an expiry date'],
  [{ id: ID(1), reason: 'accepted risk', expires: '2026-02-30' }, 'needs an expiry date'],
  [{ id: 'objects/download', reason: 'accepted risk', expires: '2026-12-31' }, '16-hex-digit root cause or finding id'],
] as const) {
  test(`a baseline entry is refused: ${message} (${JSON.stringify(entry)})`, () => {
    expect(() => parseBaseline({ accepted: [entry] }, 'accepted.json')).toThrow(BaselineError);
    expect(() => parseBaseline({ accepted: [entry] }, 'accepted.json')).toThrow(message);
  });
}
