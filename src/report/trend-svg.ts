/**
 * The trend over releases as inline SVG (no script, no network, prints as vectors): root causes
 * open, new, fixed and accepted per run, and the routes covered, one point per history line.
 */
import type { HistoryLine } from './history';
import { html, type Html } from './html';

export interface Series {
  name: string;
  color: string;
  values: number[];
}

const WIDTH = 640;
const HEIGHT = 220;
const M = { top: 16, right: 120, bottom: 58, left: 40 };

function ticks(max: number): number[] {
  const top = Math.max(1, max);
  const step = top <= 5 ? 1 : Math.ceil(top / 5);
  const out: number[] = [];
  for (let v = 0; v <= top + step - 1 && out.length < 8; v += step) out.push(v);
  return out;
}

export function lineChart(label: string, labels: readonly string[], series: readonly Series[]): Html {
  const n = labels.length;
  const yTicks = ticks(Math.max(0, ...series.flatMap((s) => s.values)));
  const yMax = yTicks.at(-1) ?? 1;
  const plotW = WIDTH - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const x = (i: number): number => M.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number): number => M.top + plotH - (v / yMax) * plotH;
  const fmt = (v: number): string => v.toFixed(1);
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" aria-label="${label}" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<title>${label}</title>
${yTicks.map((t) => html`<line x1="${M.left}" x2="${M.left + plotW}" y1="${fmt(y(t))}" y2="${fmt(y(t))}" class="grid"/><text x="${M.left - 6}" y="${fmt(y(t) + 4)}" text-anchor="end" class="lbl">${t}</text>`)}
${labels.map((l, i) => html`<text x="${fmt(x(i))}" y="${M.top + plotH + 14}" text-anchor="end" transform="rotate(-35 ${fmt(x(i))} ${M.top + plotH + 14})" class="lbl release">${l}</text>`)}
${series.map(
  (s, k) => html`<g class="series" data-series="${s.name}">
<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.values.map((v, i) => `${fmt(x(i))},${fmt(y(v))}`).join(' ')}"/>
${s.values.map((v, i) => html`<circle cx="${fmt(x(i))}" cy="${fmt(y(v))}" r="3.5" fill="${s.color}"><title>${labels[i]}: ${s.name} ${v}</title></circle>`)}
<rect x="${WIDTH - M.right + 12}" y="${M.top + k * 18}" width="10" height="10" fill="${s.color}"/><text x="${WIDTH - M.right + 26}" y="${M.top + k * 18 + 9}" class="lbl">${s.name}</text>
</g>`,
)}
</svg>`;
}

/** Two charts: root causes (open, new, fixed, accepted) and routes covered. */
export function trendCharts(history: readonly HistoryLine[], names: { open: string; new: string; fixed: string; accepted: string; routes: string; causes: string }): Html {
  const labels = history.map((h) => h.release);
  const causes = lineChart(names.causes, labels, [
    { name: names.open, color: '#c81e1e', values: history.map((h) => h.rootCauses.open) },
    { name: names.new, color: '#d98b00', values: history.map((h) => h.rootCauses.new) },
    { name: names.fixed, color: '#176e1d', values: history.map((h) => h.rootCauses.fixed) },
    { name: names.accepted, color: '#777777', values: history.map((h) => h.rootCauses.accepted) },
  ]);
  const routes = lineChart(names.routes, labels, [{ name: names.routes, color: '#1f5fbf', values: history.map((h) => h.coverage.routesCovered) }]);
  return html`${causes}${routes}`;
}
