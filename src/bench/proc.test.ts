import { expect, test } from '@playwright/test';
import { parseKb, parseStat, treeOf } from './proc';

test('parseStat reads pid, parent and CPU ticks even when the name holds ") ("', () => {
  const line = '4242 (node (worker) x) S 4200 4242 4200 0 -1 4194560 100 0 0 0 150 25 0 0 20 0 11 0 1000 1000000 5000';
  expect(parseStat(line)).toEqual({ pid: 4242, ppid: 4200, ticks: 175 });
  expect(parseStat('garbage')).toBeUndefined();
});

test('parseKb reads a kB line of /proc status or smaps_rollup', () => {
  expect(parseKb('Name:\tnode\nVmRSS:\t  123456 kB\n', 'VmRSS')).toBe(123456);
  expect(parseKb('Rss: 10 kB\nPss:     77 kB\n', 'Pss')).toBe(77);
  expect(parseKb('', 'VmRSS')).toBe(0);
});

test('treeOf walks every descendant of the roots and nothing else', () => {
  const stats = [
    { pid: 1, ppid: 0, ticks: 0 },
    { pid: 10, ppid: 1, ticks: 0 },
    { pid: 11, ppid: 10, ticks: 0 },
    { pid: 12, ppid: 11, ticks: 0 },
    { pid: 20, ppid: 1, ticks: 0 },
    { pid: 30, ppid: 1, ticks: 0 },
  ];
  expect(treeOf(stats, [10, 30]).sort((a, b) => a - b)).toEqual([10, 11, 12, 30]);
  expect(treeOf(stats, [99])).toEqual([]);
});
