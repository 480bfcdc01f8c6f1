import { expect, test } from '@playwright/test';
import { BaselineError, compareReports, formatComparison, parseBaseline, type ComparedFinding } from './compare';

const f = (id: string, check = 'objects/download'): ComparedFinding => ({ id, check, verdict: 'leak', severity: 'critical', title: `finding ${id}` });
const ID = (n: number): string => n.toString(16).padStart(16, '0');
const today = new Date('2026-06-15T12:00:00Z');

test('fixed, new and still present by stable id; anything new fails', () => {
  const result = compareReports({ findings: [f(ID(1)), f(ID(2))] }, { findings: [f(ID(2)), f(ID(3))] }, [], today);
  expect(result.fixed.map((x) => x.id)).toEqual([ID(1)]);
  expect(result.new.map((x) => x.id)).toEqual([ID(3)]);
  expect(result.stillPresent.map((x) => x.id)).toEqual([ID(2)]);
  expect(result.passed).toBe(false);
  expect(formatComparison(result, { previous: 'a', current: 'b' })).toContain(`NEW (1)\n  ${ID(3)}`);
});

test('nothing new passes, even with findings still present', () => {
  const result = compareReports({ findings: [f(ID(1)), f(ID(2))] }, { findings: [f(ID(2))] }, [], today);
  expect(result.passed).toBe(true);
  expect(formatComparison(result, { previous: 'a', current: 'b' })).toContain('PASS');
});

test('a valid acceptance lets a new finding through; it holds through its expiry day', () => {
  const baseline = parseBaseline({ accepted: [{ id: ID(3), reason: 'vendor fix planned for 2026.07', expires: '2026-06-15' }] });
  const result = compareReports({ findings: [] }, { findings: [f(ID(3))] }, baseline, today);
  expect(result.new).toEqual([]);
  expect(result.accepted.map((a) => a.finding.id)).toEqual([ID(3)]);
  expect(result.passed).toBe(true);
});

test('an expired acceptance fails the gate and no longer covers its finding', () => {
  const baseline = parseBaseline({ accepted: [{ id: ID(3), reason: 'vendor fix planned', expires: '2026-06-14' }] });
  const result = compareReports({ findings: [] }, { findings: [f(ID(3))] }, baseline, today);
  expect(result.expired.map((a) => a.id)).toEqual([ID(3)]);
  expect(result.new.map((x) => x.id)).toEqual([ID(3)]);
  expect(result.passed).toBe(false);
  // Even when its finding is gone: the stale entry must be removed or renewed.
  expect(compareReports({ findings: [] }, { findings: [] }, baseline, today).passed).toBe(false);
});

for (const [entry, message] of [
  [{ id: ID(1), expires: '2026-12-31' }, 'needs a reason'],
  [{ id: ID(1), reason: 'accepted risk' }, 'needs an expiry date'],
  [{ id: ID(1), reason: 'accepted risk', expires: '2026-02-30' }, 'needs an expiry date'],
  [{ id: 'objects/download', reason: 'accepted risk', expires: '2026-12-31' }, '16-hex-digit finding id'],
] as const) {
  test(`a baseline entry is refused: ${message} (${JSON.stringify(entry)})`, () => {
    expect(() => parseBaseline({ accepted: [entry] }, 'accepted.json')).toThrow(BaselineError);
    expect(() => parseBaseline({ accepted: [entry] }, 'accepted.json')).toThrow(message);
  });
}
