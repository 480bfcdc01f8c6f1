/**
 * The evidence report: one self-contained, printable HTML file. Page one is for the data
 * protection officer (was another person's data reachable, which kinds, through what, since
 * when, what was and was not covered); then the run, the trend over releases, an attacker ×
 * victim heat map, and each root cause with the findings that prove it: decoded excerpts, the raw
 * excerpt one click away, screenshots (data URIs), references. French and English in one file (a
 * CSS-only switch, no script), French by default in evidence.html and evidence.fr.html, English in
 * evidence.en.html. Every value goes through the auto-escaping `html` tag: excerpts are the
 * target's words, never markup.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { rootCausesOf, type RootCause } from '../findings/root-cause';
import type { Evidence } from '../findings/types';
import { dpoFacts, type DpoFacts } from './dpo';
import type { FindingGroup, FindingsReport } from './findings-file';
import type { HistoryLine } from './history';
import { html, trustedConstant, type Html } from './html';
import { trendCharts } from './trend-svg';
import { ACCESS, both, IDENTITY_KINDS, label, SEVERITIES, T, t, VERDICTS, type Lang } from './evidence-words';


/** The leak counts between attacker and victim keys, from every leak instance. */
export function leakMatrix(report: FindingsReport): { attackers: string[]; victims: string[]; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const attackers = new Set<string>();
  const victims = new Set<string>();
  for (const finding of report.findings) {
    if (finding.verdict !== 'leak') continue;
    for (const instance of finding.instances) {
      const owners = new Set(instance.evidence.map((e) => e.ownerKey));
      if (owners.size === 0 && instance.victim) owners.add(instance.victim.key);
      for (const owner of owners) {
        attackers.add(instance.attacker.key);
        victims.add(owner);
        const key = `${instance.attacker.key}\u0000${owner}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return { attackers: [...attackers].sort(), victims: [...victims].sort(), counts };
}

function heatMap(report: FindingsReport): Html {
  const { attackers, victims, counts } = leakMatrix(report);
  if (attackers.length === 0) return html`<p class="ok">${t('noLeak')}</p>`;
  const cell = 34;
  const left = 110;
  const top = 90;
  const max = Math.max(...counts.values());
  const width = left + victims.length * cell + 10;
  const height = top + attackers.length * cell + 10;
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="heat" role="img" aria-label="heat map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
${victims.map((v, i) => {
  const x = left + i * cell + cell / 2;
  return html`<text x="${x}" y="${top - 8}" transform="rotate(-50 ${x} ${top - 8})" class="lbl">${v}</text>`;
})}
${attackers.map((a, j) => {
  const y = top + j * cell;
  return html`<text x="${left - 6}" y="${y + cell / 2 + 4}" text-anchor="end" class="lbl">${a}</text>${victims.map((v, i) => {
    const n = counts.get(`${a}\u0000${v}`) ?? 0;
    const x = left + i * cell;
    const fill = n === 0 ? '#f2f2f2' : `rgba(200,30,30,${(0.25 + 0.75 * (n / max)).toFixed(2)})`;
    return html`<rect x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="${fill}"><title>${a} → ${v}: ${n}</title></rect>${n > 0 ? html`<text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 4}" text-anchor="middle" class="num">${n}</text>` : ''}`;
  })}`;
})}
</svg><p class="help">${t('heatHelp')}</p>`;
}

function dataUri(file: string | undefined, roots: readonly string[]): string | undefined {
  if (!file) return undefined;
  for (const root of roots) {
    const candidate = path.resolve(root, file);
    if (existsSync(candidate)) return `data:image/png;base64,${readFileSync(candidate).toString('base64')}`;
  }
  return undefined;
}

function dpoPage(facts: DpoFacts): Html {
  const answer = facts.reachable ? html`<p class="answer bad">${t('yes')}</p>` : facts.suspicious > 0 ? html`<p class="answer warn">${t('suspiciousOnly')}</p>` : html`<p class="answer good">${t('no')}</p>`;
  const types = facts.documents.byType.map(
    (d) => html`<li>${d.type.replace(/_/g, ' ')} × ${d.count}${d.health ? html` <b class="health">(${t('health')})</b>` : ''}</li>`,
  );
  const kinds = facts.reachable
    ? html`<h3>${t('kinds')}</h3>
<ul class="kinds">
${facts.documents.total ? html`<li>${t('documentsReached')} : <b>${facts.documents.total}</b><ul>${types}</ul></li>` : ''}
${facts.identity.length ? html`<li>${t('identityData')} : ${facts.identity.map((k, i) => html`${i ? ', ' : ''}${label(IDENTITY_KINDS, k.kind)} (${k.people} ${t('ofPeople')})`)}</li>` : ''}
<li>${t('peopleAffected')} : <b>${facts.people}</b></li>
</ul>`
    : '';
  const through = facts.through.length
    ? html`<h3>${t('through')}</h3>
<ol class="through">${facts.through.map(
        (c) => html`<li><b>${both(ACCESS[c.access])}</b> — <code>${c.routeTemplate}</code> (${c.channels.join(', ')}, ${both(VERDICTS[c.verdict as keyof typeof VERDICTS] ?? { fr: c.verdict, en: c.verdict })})<br>
${t('who')} : ${c.relationships.join(', ') || '—'} · ${c.instances} ${t('requests')} · ${t('since')} <b>${c.since}</b></li>`,
      )}</ol>`
    : '';
  const did = [
    facts.did.identities !== undefined ? html`<li>${t('identities')} : ${facts.did.identities}</li>` : '',
    facts.did.documents !== undefined ? html`<li>${t('documents')} : ${facts.did.documents}</li>` : '',
    facts.did.probes !== undefined ? html`<li>${t('probes')} : ${facts.did.probes}</li>` : '',
    facts.did.routesCovered !== undefined ? html`<li>${t('routes')} : ${facts.did.routesCovered}</li>` : '',
    html`<li>${t('tests')} : ${facts.did.tests}</li>`,
  ];
  const gaps = [
    ...facts.notCovered.unprobed.map((r) => html`<li>${t('unprobed')} : <code>${r}</code></li>`),
    ...facts.notCovered.notApplicable.map((r) => html`<li>${t('notApplicable')} : ${r}</li>`),
  ];
  return html`<section class="dpo" id="dpo">
<h1>${t('title')}</h1>
<h2>${t('dpoTitle')} — ${t('release')} <b>${facts.release}</b></h2>
${answer}
${kinds}
${through}
<div class="cols">
<div><h3>${t('did')}</h3><ul>${did}</ul></div>
<div><h3>${t('didNot')}</h3><ul>${gaps.length ? gaps : html`<li>${facts.coverageKnown ? t('nothingElse') : t('coverageUnknown')}</li>`}</ul><p class="help">${t('limits')}</p></div>
</div>
<p class="help">${t('synthetic')}</p>
</section>`;
}

function evidenceLine(e: Evidence): Html {
  return html`<li>${e.kind} <code>${e.value}</code> · ${e.ownerKey}${e.documentKey ? html` / ${e.documentKey}` : ''} · ${e.location}</li>`;
}

/** The decoded text with each marker emphasised; the pieces are escaped one by one. */
function highlighted(text: string, marker: string): Html {
  const at = text.toLowerCase().indexOf(marker.toLowerCase());
  if (at === -1) return html`${text}`;
  return html`${text.slice(0, at)}<mark>${text.slice(at, at + marker.length)}</mark>${text.slice(at + marker.length)}`;
}

function findingBlock(finding: FindingGroup, roots: readonly string[]): Html {
  const shot = dataUri(finding.screenshot ?? finding.instances.find((i) => i.screenshot)?.screenshot, roots);
  const refs = [...finding.references.cwe, ...finding.references.owasp, ...finding.references.wstg, ...finding.references.other];
  const test = finding.instances[0]?.test;
  const response = finding.response;
  const readable = response?.readable ?? [];
  return html`<section class="finding ${finding.verdict}">
<h4>${finding.title}</h4>
<table class="kv">
<tr><th>${t('verdict')}</th><td><b>${both(VERDICTS[finding.verdict])}</b> · ${t('severity')} : ${both(SEVERITIES[finding.severity])} · id <code>${finding.id}</code></td></tr>
<tr><th>${t('route')}</th><td><code>${finding.request.method} ${finding.routeTemplate}</code> (${finding.channel}, ${finding.vector})</td></tr>
<tr><th>${t('attacker')}</th><td>${finding.attacker.key} (${finding.attacker.relationship ?? finding.attacker.role})</td></tr>
<tr><th>${t('victim')}</th><td>${finding.victim?.key ?? '—'}${finding.resource ? html` · ${finding.resource.kind} ${finding.resource.key}${finding.resource.type ? html` (${finding.resource.type})` : ''}` : ''}</td></tr>
<tr><th>${t('request')}</th><td><code>${finding.request.method} ${finding.request.url}</code></td></tr>
${response
  ? html`<tr><th>${t('readable')}</th><td>HTTP ${response.status}${response.contentType ? html` · ${response.contentType}` : ''}
${readable.map((r) => html`<div class="readable"><span class="where">${r.format} · ${r.where}</span><pre>${highlighted(r.text, r.marker)}</pre></div>`)}
<details${readable.length ? '' : html` open`}><summary>${t('raw')}</summary><pre class="raw">${response.excerpt}</pre></details></td></tr>`
  : ''}
${finding.evidence.length ? html`<tr><th>${t('evidence')}</th><td><ul>${finding.evidence.slice(0, 12).map(evidenceLine)}</ul>${finding.evidenceTotal ? html`<p>(${finding.evidenceTotal})</p>` : ''}</td></tr>` : ''}
<tr><th>${t('instances')} (${finding.instanceCount})</th><td><ul>${finding.instances.slice(0, 25).map((i) => html`<li><code>${i.method} ${i.url}</code> → ${i.status ?? '?'} · ${i.attacker.key} → ${i.victim?.key ?? '—'}</li>`)}</ul></td></tr>
<tr><th>${t('references')}</th><td>${refs.length ? refs.join(' · ') : '—'}</td></tr>
${test ? html`<tr><th>${t('foundBy')}</th><td><code>${test.file ?? ''}${test.line ? `:${test.line}` : ''}</code> ${test.title}</td></tr>` : ''}
</table>
${shot ? html`<figure><img alt="screenshot" src="${shot}"><figcaption>${t('screenshot')}</figcaption></figure>` : ''}
${finding.detail ? html`<p>${finding.detail}</p>` : ''}
</section>`;
}

function rootCauseSection(cause: RootCause, index: number, byId: ReadonlyMap<string, FindingGroup>, roots: readonly string[]): Html {
  const findings = cause.findings.map((id) => byId.get(id)).filter((f): f is FindingGroup => !!f);
  return html`<section class="cause ${cause.verdict}" id="cause-${cause.id}">
<h3>${index + 1}. <code>${cause.routeTemplate}</code> — ${both(ACCESS[cause.access])}</h3>
<table class="kv">
<tr><th>${t('verdict')}</th><td><b>${both(VERDICTS[cause.verdict as keyof typeof VERDICTS] ?? { fr: cause.verdict, en: cause.verdict })}</b> · ${t('severity')} : ${both(SEVERITIES[cause.severity as keyof typeof SEVERITIES] ?? { fr: cause.severity, en: cause.severity })} · id <code>${cause.id}</code></td></tr>
<tr><th>${t('access')}</th><td>${cause.access} (${cause.channels.join(', ')})</td></tr>
<tr><th>${t('gotThrough')}</th><td>${cause.relationships.join(', ') || '—'}</td></tr>
<tr><th>${t('checks')}</th><td>${cause.checks.join(', ')}</td></tr>
<tr><th>${t('vectors')}</th><td>${cause.vectors.join(', ') || '—'}</td></tr>
<tr><th>${t('findings')}</th><td>${findings.length} · ${t('instances')} : ${cause.instanceCount}</td></tr>
</table>
${findings.map((f) => findingBlock(f, roots))}
</section>`;
}

const CSS = trustedConstant(`
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#111;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;margin-top:28px}h3{font-size:15px;margin:14px 0 8px}h4{font-size:14px;margin:0 0 6px}
.switch{float:right}.switch label{border:1px solid #888;padding:2px 8px;cursor:pointer;margin-left:4px}
#l-fr:checked~.switch label[for=l-fr],#l-en:checked~.switch label[for=l-en]{background:#222;color:#fff}
input[name=lang]{display:none}
#l-fr:checked~* .en,#l-en:checked~* .fr{display:none}
.dpo .answer{font-size:18px;font-weight:700;padding:10px 14px;border-radius:4px}
.answer.bad{background:#fde8e8;color:#8a1111}.answer.warn{background:#fff4e0;color:#7a4b00}.answer.good{background:#e6f4e7;color:#135e18}
.dpo .cols{display:flex;gap:24px}.dpo .cols>div{flex:1}.health{color:#8a1111}
table.kv{border-collapse:collapse;width:100%}table.kv th{text-align:left;vertical-align:top;width:190px;padding:3px 8px 3px 0;color:#444}
table.kv td{padding:3px 0}pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:6px;font-size:12px;max-height:220px;overflow:auto;margin:4px 0}
.readable .where{font-size:12px;color:#555}mark{background:#ffe08a}
code{font-size:12px;word-break:break-all}.cause{border-top:2px solid #999;margin:22px 0 10px;padding-top:6px}
.cause.leak{border-color:#c81e1e}.finding{border-left:4px solid #999;padding:8px 12px;margin:12px 0 12px 12px;background:#fcfcfc}
.finding.leak{border-color:#c81e1e}.finding.suspicious,.cause.suspicious{border-color:#d98b00}.finding.violation,.cause.violation{border-color:#7a3db8}.finding.unscanned,.cause.unscanned{border-color:#d98b00}
.counts td,.counts th{padding:2px 10px 2px 0;text-align:left}.ok{color:#176e1d;font-weight:600}.help{color:#555;font-size:12px}
svg .lbl{font-size:11px;fill:#333}svg .num{font-size:11px;fill:#fff;font-weight:700}svg .grid{stroke:#e4e4e4}
svg{max-width:100%;height:auto}img{max-width:100%;border:1px solid #ccc}figcaption{font-size:12px;color:#555}
@page{size:A4;margin:14mm}
@media print{h2,h3{break-after:avoid}.switch{display:none}body{margin:0;max-width:none;padding:0}.dpo{break-after:page}pre{max-height:none;overflow:visible}.finding,tr,figure{break-inside:avoid}}
`);

export interface EvidenceExtras {
  /** The history file's lines, this run last. */
  history?: readonly HistoryLine[];
  /** Routes seen but not probed (coverage.json's `unprobed`). */
  unprobed?: readonly string[];
}

export function renderEvidenceHtml(report: FindingsReport, lang: Lang, roots: readonly string[] = [process.cwd()], extras: EvidenceExtras = {}): string {
  const run = report.run;
  const counts = (run.counts ?? {}) as { identities?: number; documents?: number; probes?: { total: number; byFamily: Record<string, number> }; routesCovered?: number };
  const s = report.summary;
  const causes = (report as Partial<FindingsReport>).rootCauses ?? rootCausesOf(report.findings);
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const history = extras.history ?? [];
  const row = (key: keyof typeof T, value: unknown): Html | '' =>
    value === undefined || value === '' ? '' : html`<tr><th>${t(key)}</th><td>${typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value)}</td></tr>`;
  const byFamily = counts.probes ? Object.entries(counts.probes.byFamily).map(([f, n]) => `${f}: ${n}`).join(', ') : '';
  const page = html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${T.title[lang]} — ${typeof run.release === 'string' ? run.release : ''}</title><style>${CSS}</style></head>
<body>
<input type="radio" name="lang" id="l-fr"${lang === 'fr' ? html` checked` : ''}><input type="radio" name="lang" id="l-en"${lang === 'en' ? html` checked` : ''}>
<div class="switch"><label for="l-fr">FR</label><label for="l-en">EN</label></div>
<main>
${dpoPage(dpoFacts(report, history, extras.unprobed))}
<h2>${t('run')}</h2>
<table class="counts">
${row('release', run.release)}${row('profile', run.profile)}${row('runId', run.runId)}${row('seed', run.seed)}
${row('started', run.startedAt)}${row('finished', run.finishedAt)}${row('status', run.status)}
${row('identities', counts.identities)}${row('documents', counts.documents)}
${row('probes', counts.probes ? `${counts.probes.total}${byFamily ? ` (${byFamily})` : ''}` : undefined)}
${row('routes', counts.routesCovered)}
</table>
${history.length ? html`<h2>${t('trend')}</h2><div class="trend-charts">${trendCharts(history, { causes: T.trendCauses[lang], open: T.open[lang], new: T.newer[lang], fixed: T.fixed[lang], accepted: T.accepted[lang], routes: T.routes[lang] })}</div>` : ''}
<h2>${t('summary')}</h2>
<table class="counts"><tr><th>${t('rootCauses')}</th><td>${causes.length}</td><th>${t('findings')}</th><td>${s.findings}</td><th>${t('leaks')}</th><td>${s.leaks}</td><th>${t('suspicious')}</th><td>${s.suspicious}</td><th>${t('violations')}</th><td>${s.violations}</td><th>${t('unscanned')}</th><td>${s.unscanned}</td></tr></table>
${s.findings === 0 ? html`<p class="ok">${t('noFinding')}</p>` : ''}
<h2>${t('heatmap')}</h2>
${heatMap(report)}
<h2>${t('rootCauses')}</h2>
${causes.map((c, i) => rootCauseSection(c, i, byId, roots))}
<p class="help">${t('redaction')}</p>
<p class="help">${t('legal')}</p>
</main></body></html>
`;
  return page.toString();
}
