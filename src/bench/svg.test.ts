import { expect, test } from '@playwright/test';
import { escapeXml, niceTicks, scalingSvg, shortNumber } from './svg';

const points = [20, 40, 80, 160].map((x) => ({ x, y: x * 0.4 }));

test('niceTicks covers the maximum with round steps from 0', () => {
  expect(niceTicks(64)).toEqual([0, 20, 40, 60, 80]);
  expect(niceTicks(5)).toEqual([0, 1, 2, 3, 4, 5]);
  expect(niceTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  expect(niceTicks(0)).toEqual([0, 1]);
  expect(niceTicks(Number.NaN)).toEqual([0, 1]);
});

test('shortNumber keeps tick labels short', () => {
  expect(shortNumber(1500)).toBe('1500');
  expect(shortNumber(15_000)).toBe('15k');
  expect(shortNumber(2_500_000)).toBe('2.5M');
  expect(shortNumber(0.25)).toBe('0.25');
});

test('scalingSvg draws one panel per measure, the measured curve and the proportional reference', () => {
  const svg = scalingSvg({ title: 'suite <scaling> & memory', xLabel: 'usagers × pièces', panels: [{ title: 'Wall', yLabel: 's', points }, { title: 'Probes', yLabel: 'n', points }] });
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  expect(svg.match(/<g class="panel">/g)).toHaveLength(2);
  expect(svg.match(/<circle /g)).toHaveLength(8);
  expect(svg).toContain('suite &lt;scaling&gt; &amp; memory');
  const measured = /class="measured" points="([^"]+)"/.exec(svg)?.[1]?.split(' ');
  const reference = /class="proportional" points="([^"]+)"/.exec(svg)?.[1]?.split(' ');
  // Cost exactly proportional to the population: the curve lies on its reference.
  expect(measured).toHaveLength(4);
  expect(measured).toEqual(reference);
  expect(svg).not.toContain('NaN');
});

test('a curve growing faster than the population rises above its reference', () => {
  const quadratic = [20, 40, 80].map((x) => ({ x, y: x * x }));
  const svg = scalingSvg({ title: 't', xLabel: 'x', panels: [{ title: 'p', yLabel: 'y', points: quadratic }] });
  const last = (cls: string): number => Number(new RegExp(`class="${cls}" points="[^"]*?([\\d.]+),([\\d.]+)"`).exec(svg)?.[2]);
  // SVG y grows downwards: higher cost, smaller y.
  expect(last('measured')).toBeLessThan(last('proportional'));
});

test('a single point or no point still makes a valid drawing', () => {
  expect(scalingSvg({ title: 't', xLabel: 'x', panels: [{ title: 'p', yLabel: 'y', points: [{ x: 20, y: 3 }] }] })).not.toContain('NaN');
  expect(scalingSvg({ title: 't', xLabel: 'x', panels: [{ title: 'p', yLabel: 'y', points: [] }] })).toContain('</svg>');
  expect(escapeXml('"a"')).toBe('&quot;a&quot;');
});
