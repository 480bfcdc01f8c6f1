import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The project's own TypeScript, read with the compiler's parser: which file imports which (relative
 * imports only, type-only ones included: a type cycle is still two modules that cannot be read
 * apart), and how long each file and function is. Used by the layer and size self-tests and `scripts/sizes.ts`.
 */
export const ROOT = path.resolve(import.meta.dirname, '..');

export function sourceFiles(folders: string[]): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(path.join(ROOT, folder), { withFileTypes: true })) {
      const relative = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.ts')) files.push(relative);
    }
  };
  folders.forEach(walk);
  return files.sort();
}

export function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
}

/** file → the project files it imports (or re-exports from). */
export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets: string[] = [];
    for (const statement of parse(file).statements) {
      const specifier =
        (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : undefined;
      if (!specifier?.startsWith('.')) continue;
      const target = resolve(path.join(path.dirname(file), specifier));
      if (target) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The source file an import of `base` (a path without extension, or a folder) loads. */
export function resolve(base: string): string | undefined {
  for (const candidate of [`${base}.ts`, base.replace(/\.js$/, '.ts'), path.join(base, 'index.ts')]) {
    if (existsSync(path.join(ROOT, candidate)) && statSync(path.join(ROOT, candidate)).isFile()) return path.normalize(candidate);
  }
  return undefined;
}

/** Strongly connected components of more than one node (Tarjan): each is one import cycle or a knot of them. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** The same graph between folders (`src/session`, `fixtures`): a file directly in `src/` is its own node. */
export function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    const set = folders.get(from) ?? new Set<string>();
    folders.set(from, set);
    for (const target of targets) if (folderOf(target) !== from) set.add(folderOf(target));
  }
  return new Map([...folders].map(([folder, targets]) => [folder, [...targets]]));
}

export function folderOf(file: string): string {
  const parts = file.split(path.sep);
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/');
}

/** The guide's size bar (issue 11): no file over 250 lines, no function over 60, where our own code lives. */
export const FILE_LINES = 250;
export const FUNCTION_LINES = 60;
export const SIZED_FOLDERS = ['src', 'fixtures', 'tests', 'scripts'];

export interface Oversize {
  file: string;
  name?: string;
  lines: number;
}

/** The files the bar applies to: every TypeScript file of those folders but the self-tests. */
export function sizedFiles(): string[] {
  return sourceFiles(SIZED_FOLDERS).filter((file) => !file.endsWith('.test.ts'));
}

/** The files and the functions (with a body) over the bar, longest first. */
export function oversized(sources: ts.SourceFile[]): { files: Oversize[]; functions: Oversize[] } {
  const long: Oversize[] = [];
  const functions: Oversize[] = [];
  for (const source of sources) {
    const file = source.fileName;
    const lines = lineCount(source);
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

/** Lines as an editor or `wc -l` counts them: the newline that ends the last line opens none. */
function lineCount(source: ts.SourceFile): number {
  const last = source.getLineAndCharacterOfPosition(source.end).line + 1;
  return source.text.endsWith('\n') ? last - 1 : last;
}

function nameOf(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}
