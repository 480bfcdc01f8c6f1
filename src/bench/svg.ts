/**
 * The scaling curve as a hand-written SVG: one panel per measure (wall time, probes, memory)
 * against usagers × pièces, each with the proportional line through the smallest size, so a
 * curve bending above it shows cost growing faster than the population.
 */
export interface Point {
  x: number;
  y: number;
}

export interface Panel {
  title: string;
  yLabel: string;
  points: Point[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  panels: Panel[];
}

const PANEL_WIDTH = 320;
const PANEL_HEIGHT = 240;
const MARGIN = { top: 34, right: 16, bottom: 44, left: 58 };
const HEADER = 30;

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** Round tick values from 0 to at least `max`: steps of 1, 2 or 5 × 10^n. */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const rough = max / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) {
    ticks.push(Number(value.toPrecision(12)));
    if (value >= max) break;
  }
  return ticks;
}

/** Short labels for tick values: 1500 → "1.5k", 2000000 → "2M". */
export function shortNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  return trim(value);
}

function trim(value: number): string {
  return String(Number(value.toFixed(Math.abs(value) < 10 ? 2 : 1)));
}

export function scalingSvg(options: ChartOptions): string {
  const width = options.panels.length * PANEL_WIDTH;
  const height = HEADER + PANEL_HEIGHT;
  const panels = options.panels.map((panel, index) => panelSvg(panel, options.xLabel, index * PANEL_WIDTH, HEADER));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
    ...panels,
    '</svg>',
    '',
  ].join('\n');
}

function panelSvg(panel: Panel, xLabel: string, left: number, top: number): string {
  const plot = {
    x: left + MARGIN.left,
    y: top + MARGIN.top,
    w: PANEL_WIDTH - MARGIN.left - MARGIN.right,
    h: PANEL_HEIGHT - MARGIN.top - MARGIN.bottom,
  };
  const points = panel.points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
  const first = points[0];
  const xMax = Math.max(1, ...points.map((point) => point.x));
  const reference = first && first.x > 0 ? points.map((point) => ({ x: point.x, y: (first.y * point.x) / first.x })) : [];
  const yTicks = niceTicks(Math.max(...points.map((point) => point.y), ...reference.map((point) => point.y), 0));
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const sx = (x: number): number => round(plot.x + (x / xMax) * plot.w);
  const sy = (y: number): number => round(plot.y + plot.h - (y / yMax) * plot.h);
  const path = (series: Point[]): string => series.map((point) => `${sx(point.x)},${sy(point.y)}`).join(' ');

  const parts = [
    `<g class="panel">`,
    `<text x="${left + PANEL_WIDTH / 2}" y="${top + 18}" text-anchor="middle" font-size="12" font-weight="bold">${escapeXml(panel.title)}</text>`,
    `<line x1="${plot.x}" y1="${plot.y + plot.h}" x2="${plot.x + plot.w}" y2="${plot.y + plot.h}" stroke="#333"/>`,
    `<line x1="${plot.x}" y1="${plot.y}" x2="${plot.x}" y2="${plot.y + plot.h}" stroke="#333"/>`,
    ...yTicks.map(
      (tick) =>
        `<line x1="${plot.x - 4}" y1="${sy(tick)}" x2="${plot.x + plot.w}" y2="${sy(tick)}" stroke="#ddd"/><text x="${plot.x - 6}" y="${sy(tick) + 4}" text-anchor="end">${shortNumber(tick)}</text>`,
    ),
    ...points.map(
      (point) =>
        `<line x1="${sx(point.x)}" y1="${plot.y + plot.h}" x2="${sx(point.x)}" y2="${plot.y + plot.h + 4}" stroke="#333"/><text x="${sx(point.x)}" y="${plot.y + plot.h + 16}" text-anchor="middle">${shortNumber(point.x)}</text>`,
    ),
    `<text x="${plot.x + plot.w / 2}" y="${top + PANEL_HEIGHT - 8}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(${left + 14},${plot.y + plot.h / 2}) rotate(-90)" text-anchor="middle">${escapeXml(panel.yLabel)}</text>`,
  ];
  if (reference.length > 1) {
    parts.push(`<polyline class="proportional" points="${path(reference)}" fill="none" stroke="#999" stroke-dasharray="4 3"/>`);
  }
  if (points.length > 0) {
    parts.push(`<polyline class="measured" points="${path(points)}" fill="none" stroke="#1f5fbf" stroke-width="2"/>`);
    for (const point of points) {
      parts.push(`<circle cx="${sx(point.x)}" cy="${sy(point.y)}" r="3" fill="#1f5fbf"><title>${shortNumber(point.x)}: ${shortNumber(point.y)}</title></circle>`);
    }
  }
  parts.push('</g>');
  return parts.join('\n');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
