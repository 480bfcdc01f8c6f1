import { expect, test } from '@playwright/test';
import ts from 'typescript';
import { FILE_LINES, FUNCTION_LINES, oversized, parse, sizedFiles } from './source-graph';

/**
 * The size bar of the guide (issue 11) holds: a file or function that grows past it fails here,
 * not in a reader's head months later. `npx tsx scripts/sizes.ts` lists the same breaches.
 */
test('no file over 250 lines and no function over 60 in src/, fixtures/, tests/ and scripts/', () => {
  expect(oversized(sizedFiles().map(parse))).toEqual({ files: [], functions: [] });
});

const source = (name: string, text: string): ts.SourceFile => ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
/** A function declaration spanning `lines` lines, braces included. */
const fn = (name: string, lines: number): string => [`function ${name}(): void {`, ...Array.from({ length: lines - 2 }, () => '  void 0;'), '}'].join('\n');

test('the measure sees a file one line over the bar and a function one line over, and nothing at the bar', () => {
  const atBar = source('at-bar.ts', `${fn('sixty', FUNCTION_LINES)}\n${'// filler\n'.repeat(FILE_LINES - FUNCTION_LINES)}`);
  expect(atBar.text.split('\n')).toHaveLength(FILE_LINES + 1);
  expect(oversized([atBar])).toEqual({ files: [], functions: [] });

  const over = source('over.ts', `${fn('sixtyOne', FUNCTION_LINES + 1)}\n${'// filler\n'.repeat(FILE_LINES - FUNCTION_LINES)}`);
  const arrow = source('arrow.ts', `export const handler = async (): Promise<void> => {\n${'  await Promise.resolve();\n'.repeat(FUNCTION_LINES - 1)}};\n`);
  expect(oversized([over, arrow])).toEqual({
    files: [{ file: 'over.ts', lines: FILE_LINES + 1 }],
    functions: [
      { file: 'over.ts', name: 'sixtyOne', lines: FUNCTION_LINES + 1 },
      { file: 'arrow.ts', name: 'handler', lines: FUNCTION_LINES + 1 },
    ],
  });
});
