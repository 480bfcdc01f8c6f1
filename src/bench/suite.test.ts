import { expect, test } from '@playwright/test';
import { readFindings, reportedProbeTotal } from './suite';

test('findings.json: the probe total comes from run.counts, absent files say nothing', () => {
  expect(reportedProbeTotal({ probes: { total: 1234, byFamily: {} } })).toBe(1234);
  expect(reportedProbeTotal(undefined)).toBeUndefined();
  expect(reportedProbeTotal({ probes: {} })).toBeUndefined();
  expect(readFindings('/nonexistent/findings.json')).toEqual({});
});
