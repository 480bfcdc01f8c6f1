/** A plain-text table: one header row, a rule, the rows; numbers align right, text left. */
export type Cell = string | number | undefined;

export interface Column {
  title: string;
  /** How a number is shown; strings and undefined pass through (undefined as "-"). */
  format?: (value: number) => string;
}

export function formatTable(columns: readonly Column[], rows: readonly Cell[][]): string {
  const cells = rows.map((row) => columns.map((column, index) => render(row[index], column)));
  const widths = columns.map((column, index) => Math.max(column.title.length, ...cells.map((row) => row[index]?.text.length ?? 0)));
  const line = (parts: { text: string; right: boolean }[]): string =>
    parts
      .map((part, index) => (part.right ? part.text.padStart(widths[index] ?? 0) : part.text.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  const header = line(columns.map((column, index) => ({ text: column.title, right: cells.some((row) => row[index]?.right) })));
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [header, rule, ...cells.map(line)].join('\n');
}

/** The same table in Markdown, for the README. */
export function formatMarkdownTable(columns: readonly Column[], rows: readonly Cell[][]): string {
  const cells = rows.map((row) => columns.map((column, index) => render(row[index], column)));
  const numeric = columns.map((_, index) => cells.some((row) => row[index]?.right));
  const header = `| ${columns.map((column) => column.title).join(' | ')} |`;
  const rule = `|${numeric.map((right) => (right ? '---:' : '---')).join('|')}|`;
  return [header, rule, ...cells.map((row) => `| ${row.map((cell) => cell.text.replaceAll('|', '\\|')).join(' | ')} |`)].join('\n');
}

function render(value: Cell, column: Column): { text: string; right: boolean } {
  if (value === undefined) return { text: '-', right: false };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { text: '-', right: true };
    return { text: column.format ? column.format(value) : String(value), right: true };
  }
  return { text: value, right: false };
}

/** Fixed decimals, for table cells. */
export const fixed =
  (digits: number) =>
  (value: number): string =>
    value.toFixed(digits);
