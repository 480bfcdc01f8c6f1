/**
 * The guide's size bar for production code: no file over 250 lines, no function over 60, in src/.
 * Lists what is over (tests excluded); reports, never fails: `npx tsx scripts/sizes.ts`.
 */
import ts from 'typescript';
import { parse, sourceFiles } from './source-graph';

const FILE_LINES = 250;
const FUNCTION_LINES = 60;

interface Oversize {
  file: string;
  name?: string;
  lines: number;
}

function oversized(files: string[]): { files: Oversize[]; functions: Oversize[] } {
  const long: Oversize[] = [];
  const functions: Oversize[] = [];
  for (const file of files) {
    const source = parse(file);
    const lines = source.getLineAndCharacterOfPosition(source.end).line + 1;
    if (lines > FILE_LINES) long.push({ file, lines });
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const span = source.getLineAndCharacterOfPosition(node.end).line - source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        if (span > FUNCTION_LINES) functions.push({ file, name: nameOf(node), lines: span });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const byLines = (a: Oversize, b: Oversize): number => b.lines - a.lines;
  return { files: long.sort(byLines), functions: functions.sort(byLines) };
}

function nameOf(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

const { files, functions } = oversized(sourceFiles(['src']).filter((file) => !file.endsWith('.test.ts')));
console.log(`files over ${FILE_LINES} lines: ${files.length}`);
for (const f of files) console.log(`  ${String(f.lines).padStart(5)}  ${f.file}`);
console.log(`functions over ${FUNCTION_LINES} lines: ${functions.length}`);
for (const f of functions) console.log(`  ${String(f.lines).padStart(5)}  ${f.file}  ${f.name ?? ''}`);
