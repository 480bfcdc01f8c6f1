/**
 * The guide's size bar (no file over 250 lines, no function over 60) in src/, fixtures/, tests/ and
 * scripts/, self-tests excluded: lists what is over, longest first: `npx tsx scripts/sizes.ts`.
 * scripts/sizes.test.ts fails on the same list.
 */
import { FILE_LINES, FUNCTION_LINES, oversized, parse, sizedFiles } from './source-graph';

const { files, functions } = oversized(sizedFiles().map(parse));
console.log(`files over ${FILE_LINES} lines: ${files.length}`);
for (const f of files) console.log(`  ${String(f.lines).padStart(5)}  ${f.file}`);
console.log(`functions over ${FUNCTION_LINES} lines: ${functions.length}`);
for (const f of functions) console.log(`  ${String(f.lines).padStart(5)}  ${f.file}  ${f.name ?? ''}`);
