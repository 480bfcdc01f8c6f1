import { expect, test } from '@playwright/test';
import { growthExponents, linearFit, perSecond, percentile, ratio, scalingExponent, summarize } from './stats';

test('summarize gives count, mean, extremes and nearest-rank percentiles', () => {
  const summary = summarize([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]);
  expect(summary).toEqual({ count: 10, mean: 5.5, min: 1, max: 10, p50: 5, p95: 10 });
});

test('percentile of one sample is that sample, of none is NaN', () => {
  expect(percentile([42], 95)).toBe(42);
  expect(percentile([42], 0)).toBe(42);
  expect(percentile([], 50)).toBeNaN();
  expect(summarize([]).count).toBe(0);
});

test('perSecond and ratio refuse a zero denominator rather than dividing by it', () => {
  expect(perSecond(500, 2_000)).toBe(250);
  expect(perSecond(500, 0)).toBe(0);
  expect(ratio(1, 4)).toBe(0.25);
  expect(ratio(1, 0)).toBeNaN();
});

test('linearFit recovers a line exactly and scores scatter below 1', () => {
  const exact = linearFit([1, 2, 3, 4].map((x) => ({ x, y: 3 + 2 * x })));
  expect(exact.slope).toBeCloseTo(2);
  expect(exact.intercept).toBeCloseTo(3);
  expect(exact.r2).toBeCloseTo(1);
  const noisy = linearFit([{ x: 1, y: 1 }, { x: 2, y: 5 }, { x: 3, y: 2 }, { x: 4, y: 6 }]);
  expect(noisy.r2).toBeLessThan(0.9);
  expect(() => linearFit([{ x: 1, y: 1 }, { x: 1, y: 2 }])).toThrow(/two distinct x/);
});

test('growthExponents says 1 for proportional cost and 2 for quadratic', () => {
  const xs = [20, 40, 80, 160];
  expect(growthExponents(xs.map((x) => ({ x, y: 0.5 * x }))).map((k) => Number(k.toFixed(6)))).toEqual([1, 1, 1]);
  expect(growthExponents(xs.map((x) => ({ x, y: x * x }))).map((k) => Number(k.toFixed(6)))).toEqual([2, 2, 2]);
  expect(growthExponents([{ x: 1, y: 0 }, { x: 2, y: 1 }])[0]).toBeNaN();
});

test('the scaling exponent fits every size at once: 1 for a line through the origin, 2 for a square', () => {
  expect(scalingExponent([{ x: 8, y: 80 }, { x: 16, y: 160 }, { x: 64, y: 640 }])?.exponent).toBeCloseTo(1, 6);
  expect(scalingExponent([{ x: 2, y: 4 }, { x: 4, y: 16 }, { x: 8, y: 64 }])?.exponent).toBeCloseTo(2, 6);
  // A fixed cost bends the curve under 1 (what a suite's start-up does at small sizes).
  expect(scalingExponent([{ x: 10, y: 110 }, { x: 20, y: 120 }, { x: 40, y: 140 }])?.exponent).toBeLessThan(0.5);
  expect(scalingExponent([{ x: 8, y: 80 }])).toBeUndefined();
});
