import { expect, test } from '@playwright/test';
import { fixed, formatMarkdownTable, formatTable, type Column } from './table';

const columns: Column[] = [{ title: 'client' }, { title: 'req/s', format: fixed(0) }, { title: 'p95 ms', format: fixed(1) }];

test('formatTable aligns text left and numbers right under a rule', () => {
  const table = formatTable(columns, [
    ['raw node:http', 1234.4, 3.25],
    ['harness', 98.6, 12],
  ]);
  expect(table.split('\n')).toEqual([
    'client         req/s  p95 ms',
    '-------------  -----  ------',
    'raw node:http   1234     3.3',
    'harness           99    12.0',
  ]);
});

test('missing and non-finite values show as "-", never as NaN', () => {
  const table = formatTable(columns, [['x', Number.NaN, undefined]]);
  expect(table).not.toContain('NaN');
  expect(table.split('\n')[2]).toBe('x           -  -');
});

test('formatMarkdownTable right-aligns numeric columns and escapes pipes', () => {
  const table = formatMarkdownTable(columns, [['a|b', 10, 1]]);
  expect(table.split('\n')).toEqual(['| client | req/s | p95 ms |', '|---|---:|---:|', '| a\\|b | 10 | 1.0 |']);
});
