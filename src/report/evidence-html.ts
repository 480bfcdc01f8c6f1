/**
 * The evidence report: one self-contained, printable HTML file for a DPO or an MDPH. What was
 * tested, when, against which release; an attacker × victim heat map of leaks (inline SVG); each
 * finding with its redacted evidence, its screenshot (data URI) when a browser saw it, and its
 * references. French and English in one file (a CSS-only switch, no script), French by default in
 * evidence.html and evidence.fr.html, English in evidence.en.html.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FindingGroup, FindingsReport } from './findings-reporter';

export type Lang = 'fr' | 'en';

const T = {
  title: { fr: "Rapport de preuves — cloisonnement des documents", en: 'Evidence report — document isolation' },
  intro: {
    fr: "cloison a créé des usagers fictifs, déposé leurs pièces, puis tenté, au nom de chacun, de voir, lister, télécharger ou modifier les documents des autres, par l'interface et par l'API. Toute réponse contenant un marqueur d'un autre usager est une fuite.",
    en: "cloison created synthetic usagers, uploaded their documents, then tried, as each of them, to view, list, download or modify everyone else's, through the UI and the API. Any answer holding another user's marker is a leak.",
  },
  run: { fr: 'Exécution', en: 'Run' },
  release: { fr: 'Version testée', en: 'Release tested' },
  profile: { fr: 'Profil', en: 'Profile' },
  runId: { fr: "Identifiant d'exécution", en: 'Run id' },
  seed: { fr: 'Graine', en: 'Seed' },
  started: { fr: 'Début', en: 'Started' },
  finished: { fr: 'Fin', en: 'Finished' },
  status: { fr: 'Résultat', en: 'Outcome' },
  identities: { fr: 'Identités', en: 'Identities' },
  documents: { fr: 'Documents déposés', en: 'Documents seeded' },
  probes: { fr: 'Requêtes de sonde', en: 'Probe requests' },
  routes: { fr: 'Routes couvertes', en: 'Routes covered' },
  summary: { fr: 'Synthèse', en: 'Summary' },
  findings: { fr: 'Constats', en: 'Findings' },
  leaks: { fr: 'Fuites', en: 'Leaks' },
  suspicious: { fr: 'Suspects', en: 'Suspicious' },
  violations: { fr: 'Violations', en: 'Violations' },
  heatmap: { fr: 'Carte des fuites (attaquant × victime)', en: 'Leak map (attacker × victim)' },
  heatHelp: {
    fr: "Ligne : l'identité qui a reçu les données ; colonne : la personne dont les données ont fuité ; nombre : requêtes distinctes en cause.",
    en: 'Row: the identity that received the data; column: the person whose data leaked; number: distinct requests involved.',
  },
  noLeak: { fr: 'Aucune fuite constatée.', en: 'No leak found.' },
  noFinding: { fr: 'Aucun constat : aucune session n’a obtenu les documents d’une autre.', en: 'No finding: no session obtained another one’s documents.' },
  verdict: { fr: 'Verdict', en: 'Verdict' },
  severity: { fr: 'Gravité', en: 'Severity' },
  route: { fr: 'Route', en: 'Route' },
  attacker: { fr: 'Attaquant', en: 'Attacker' },
  victim: { fr: 'Victime', en: 'Victim' },
  request: { fr: 'Requête', en: 'Request' },
  response: { fr: 'Réponse (extrait masqué)', en: 'Response (redacted excerpt)' },
  evidence: { fr: 'Preuves', en: 'Evidence' },
  instances: { fr: 'Occurrences', en: 'Instances' },
  screenshot: { fr: "Capture d'écran du navigateur", en: 'Browser screenshot' },
  references: { fr: 'Références', en: 'References' },
  foundBy: { fr: 'Trouvé par le test', en: 'Found by test' },
  redaction: {
    fr: 'Mots de passe, cookies et jetons sont masqués ; les marqueurs, empreintes, e-mails et NIR sont fictifs.',
    en: 'Passwords, cookies and tokens are redacted; markers, hashes, e-mails and NIR are synthetic.',
  },
  legal: {
    fr: "Ce rapport documente une mesure technique de contrôle de la confidentialité (RGPD art. 32 : « tester, analyser et évaluer régulièrement l'efficacité des mesures techniques »).",
    en: 'This report documents a technical test of confidentiality measures (GDPR art. 32(1)(d): "regularly testing, assessing and evaluating the effectiveness of technical measures").',
  },
} as const satisfies Record<string, Record<Lang, string>>;

const VERDICTS = {
  leak: { fr: 'fuite', en: 'leak' },
  suspicious: { fr: 'suspect', en: 'suspicious' },
  violation: { fr: 'violation', en: 'violation' },
} as const;

const SEVERITIES = {
  critical: { fr: 'critique', en: 'critical' },
  high: { fr: 'élevée', en: 'high' },
  medium: { fr: 'moyenne', en: 'medium' },
  low: { fr: 'faible', en: 'low' },
} as const;

function esc(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : value == null ? '' : JSON.stringify(value);
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Both languages side by side; CSS shows one. */
function t(key: keyof typeof T): string {
  return `<span class="fr">${esc(T[key].fr)}</span><span class="en">${esc(T[key].en)}</span>`;
}

function both(text: Record<Lang, string>): string {
  return `<span class="fr">${esc(text.fr)}</span><span class="en">${esc(text.en)}</span>`;
}

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

function heatMap(report: FindingsReport): string {
  const { attackers, victims, counts } = leakMatrix(report);
  if (attackers.length === 0) return `<p class="ok">${t('noLeak')}</p>`;
  const cell = 34;
  const left = 110;
  const top = 90;
  const max = Math.max(...counts.values());
  const width = left + victims.length * cell + 10;
  const height = top + attackers.length * cell + 10;
  const parts: string[] = [];
  victims.forEach((v, i) => {
    const x = left + i * cell + cell / 2;
    parts.push(`<text x="${x}" y="${top - 8}" transform="rotate(-50 ${x} ${top - 8})" class="lbl">${esc(v)}</text>`);
  });
  attackers.forEach((a, j) => {
    const y = top + j * cell;
    parts.push(`<text x="${left - 6}" y="${y + cell / 2 + 4}" text-anchor="end" class="lbl">${esc(a)}</text>`);
    victims.forEach((v, i) => {
      const n = counts.get(`${a}\u0000${v}`) ?? 0;
      const x = left + i * cell;
      const alpha = n === 0 ? 0 : 0.25 + 0.75 * (n / max);
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="${n === 0 ? '#f2f2f2' : `rgba(200,30,30,${alpha.toFixed(2)})`}"><title>${esc(a)} → ${esc(v)}: ${n}</title></rect>`,
      );
      if (n > 0) parts.push(`<text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 4}" text-anchor="middle" class="num">${n}</text>`);
    });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="heat map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg><p class="help">${t('heatHelp')}</p>`;
}

function dataUri(file: string | undefined, roots: readonly string[]): string | undefined {
  if (!file) return undefined;
  for (const root of roots) {
    const candidate = path.resolve(root, file);
    if (existsSync(candidate)) return `data:image/png;base64,${readFileSync(candidate).toString('base64')}`;
  }
  return undefined;
}

function findingSection(finding: FindingGroup, index: number, roots: readonly string[]): string {
  const shot = dataUri(finding.screenshot ?? finding.instances.find((i) => i.screenshot)?.screenshot, roots);
  const refs = [...finding.references.cwe, ...finding.references.owasp, ...finding.references.wstg, ...finding.references.other];
  const instances = finding.instances
    .slice(0, 25)
    .map((i) => `<li><code>${esc(i.method)} ${esc(i.url)}</code> → ${esc(i.status ?? '?')} · ${esc(i.attacker.key)} → ${esc(i.victim?.key ?? '—')}</li>`)
    .join('');
  const evidence = finding.evidence
    .slice(0, 12)
    .map((e) => `<li>${esc(e.kind)} <code>${esc(e.value)}</code> · ${esc(e.ownerKey)}${e.documentKey ? ` / ${esc(e.documentKey)}` : ''} · ${esc(e.location)}</li>`)
    .join('');
  const test = finding.instances[0]?.test;
  return `<section class="finding ${esc(finding.verdict)}">
<h3>${index + 1}. ${esc(finding.title)}</h3>
<table class="kv">
<tr><th>${t('verdict')}</th><td><b>${both(VERDICTS[finding.verdict])}</b> · ${t('severity')} : ${both(SEVERITIES[finding.severity])} · id <code>${esc(finding.id)}</code></td></tr>
<tr><th>${t('route')}</th><td><code>${esc(finding.request.method)} ${esc(finding.routeTemplate)}</code> (${esc(finding.channel)}, ${esc(finding.vector)})</td></tr>
<tr><th>${t('attacker')}</th><td>${esc(finding.attacker.key)} (${esc(finding.attacker.relationship ?? finding.attacker.role)})</td></tr>
<tr><th>${t('victim')}</th><td>${esc(finding.victim?.key ?? '—')}${finding.resource ? ` · ${esc(finding.resource.kind)} ${esc(finding.resource.key)}` : ''}</td></tr>
<tr><th>${t('request')}</th><td><code>${esc(finding.request.method)} ${esc(finding.request.url)}</code></td></tr>
${finding.response ? `<tr><th>${t('response')}</th><td>HTTP ${esc(finding.response.status)}<pre>${esc(finding.response.excerpt)}</pre></td></tr>` : ''}
${evidence ? `<tr><th>${t('evidence')}</th><td><ul>${evidence}</ul>${finding.evidenceTotal ? `<p>(${esc(finding.evidenceTotal)})</p>` : ''}</td></tr>` : ''}
<tr><th>${t('instances')} (${finding.instanceCount})</th><td><ul>${instances}</ul></td></tr>
<tr><th>${t('references')}</th><td>${refs.map(esc).join(' · ') || '—'}</td></tr>
${test ? `<tr><th>${t('foundBy')}</th><td><code>${esc(test.file ?? '')}${test.line ? `:${test.line}` : ''}</code> ${esc(test.title)}</td></tr>` : ''}
</table>
${shot ? `<figure><img alt="screenshot" src="${shot}"><figcaption>${t('screenshot')}</figcaption></figure>` : ''}
${finding.detail ? `<p>${esc(finding.detail)}</p>` : ''}
</section>`;
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#111;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;margin-top:28px}h3{font-size:15px;margin:0 0 8px}
.switch{float:right}.switch label{border:1px solid #888;padding:2px 8px;cursor:pointer;margin-left:4px}
#l-fr:checked~.switch label[for=l-fr],#l-en:checked~.switch label[for=l-en]{background:#222;color:#fff}
input[name=lang]{display:none}
#l-fr:checked~* .en,#l-en:checked~* .fr{display:none}
table.kv{border-collapse:collapse;width:100%}table.kv th{text-align:left;vertical-align:top;width:190px;padding:3px 8px 3px 0;color:#444}
table.kv td{padding:3px 0}pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:6px;font-size:12px;max-height:220px;overflow:auto}
code{font-size:12px;word-break:break-all}.finding{border-left:4px solid #999;padding:8px 12px;margin:14px 0;page-break-inside:avoid;background:#fcfcfc}
.finding.leak{border-color:#c81e1e}.finding.suspicious{border-color:#d98b00}.finding.violation{border-color:#7a3db8}
.counts td,.counts th{padding:2px 10px 2px 0;text-align:left}.ok{color:#176e1d;font-weight:600}.help{color:#555;font-size:12px}
svg .lbl{font-size:11px;fill:#333}svg .num{font-size:11px;fill:#fff;font-weight:700}
img{max-width:100%;border:1px solid #ccc}figcaption{font-size:12px;color:#555}
@media print{.switch{display:none}body{margin:0}}
`;

export function renderEvidenceHtml(report: FindingsReport, lang: Lang, roots: readonly string[] = [process.cwd()]): string {
  const run = report.run;
  const counts = (run.counts ?? {}) as { identities?: number; documents?: number; probes?: { total: number; byFamily: Record<string, number> }; routesCovered?: number; routes?: string[] };
  const s = report.summary;
  const row = (key: keyof typeof T, value: unknown): string => (value === undefined || value === '' ? '' : `<tr><th>${t(key)}</th><td>${esc(value)}</td></tr>`);
  const byFamily = counts.probes ? Object.entries(counts.probes.byFamily).map(([f, n]) => `${f}: ${n}`).join(', ') : '';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(T.title[lang])} — ${esc(run.release ?? '')}</title><style>${CSS}</style></head>
<body>
<input type="radio" name="lang" id="l-fr"${lang === 'fr' ? ' checked' : ''}><input type="radio" name="lang" id="l-en"${lang === 'en' ? ' checked' : ''}>
<div class="switch"><label for="l-fr">FR</label><label for="l-en">EN</label></div>
<main>
<h1>${t('title')}</h1>
<p>${t('intro')}</p>
<h2>${t('run')}</h2>
<table class="counts">
${row('release', run.release)}${row('profile', run.profile)}${row('runId', run.runId)}${row('seed', run.seed)}
${row('started', run.startedAt)}${row('finished', run.finishedAt)}${row('status', run.status)}
${row('identities', counts.identities)}${row('documents', counts.documents)}
${row('probes', counts.probes ? `${counts.probes.total}${byFamily ? ` (${byFamily})` : ''}` : undefined)}
${row('routes', counts.routesCovered)}
</table>
<h2>${t('summary')}</h2>
<table class="counts"><tr><th>${t('findings')}</th><td>${s.findings}</td><th>${t('leaks')}</th><td>${s.leaks}</td><th>${t('suspicious')}</th><td>${s.suspicious}</td><th>${t('violations')}</th><td>${s.violations}</td></tr></table>
${s.findings === 0 ? `<p class="ok">${t('noFinding')}</p>` : ''}
<h2>${t('heatmap')}</h2>
${heatMap(report)}
<h2>${t('findings')}</h2>
${report.findings.map((f, i) => findingSection(f, i, roots)).join('\n')}
<p class="help">${t('redaction')}</p>
<p class="help">${t('legal')}</p>
</main></body></html>
`;
}
