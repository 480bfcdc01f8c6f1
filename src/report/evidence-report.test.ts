import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import type { FindingsReport } from './findings-file';
import { readHistory } from './history';
import { writeDerivedOutputs } from './outputs';

/** Trimmed, redacted findings of two real scans of the reference portal on seeds/matrix.json:
 * secure, and PORTAL_FLAWS=download-idor. */
const fixture = (name: 'secure' | 'download-idor', release: string): FindingsReport => {
  const report = JSON.parse(readFileSync(new URL(`./testdata/findings-${name}.json`, import.meta.url), 'utf8')) as FindingsReport;
  return { ...report, run: { ...report.run, release } };
};


/** Opens a report offline and collects console errors and page errors. */
async function open(page: Page, file: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.route(/^(?!file:|data:)/, (route) => route.abort());
  await page.goto(`file://${file}`);
  return errors;
}

/** Prints to PDF as Chromium does, renders its pages with pdftoppm when installed (attached to
 * the test), and returns the text of each page (pdftotext) or, without poppler, the page count. */
async function printed(page: Page, testInfo: TestInfo, name: string): Promise<{ pages: number; text: string[] }> {
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-pdf-'));
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  await testInfo.attach(`${name}.pdf`, { body: pdf, contentType: 'application/pdf' });
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  if (info.status !== 0) {
    // No poppler: count the page objects of Chromium's PDF (uncompressed page tree).
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    return { pages, text: [] };
  }
  const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1] ?? 0);
  spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '3', file, path.join(dir, 'page')]);
  for (const png of readdirSync(dir).filter((n) => n.endsWith('.png')).sort()) {
    await testInfo.attach(`${name} ${png}`, { path: path.join(dir, png), contentType: 'image/png' });
  }
  const text = Array.from({ length: Math.min(pages, 3) }, (_, i) => spawnSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).stdout);
  return { pages, text };
}

test('hostile excerpts are shown as text, never run: <script>, attribute-breaking quotes, in every field', async ({ page }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-evidence-'));
  const report = fixture('download-idor', '2026.05');
  const hostile = `</pre></details><script>window.__pwned=1</script>"><img src="x" onerror="window.__pwned=2">' onmouseover='window.__pwned=3`;
  const [first, ...rest] = report.findings;
  if (!first?.response) throw new Error('fixture without a response');
  const evil = {
    ...first,
    title: `${first.title} ${hostile}`,
    request: { ...first.request, url: `${first.request.url}?q=${hostile}` },
    response: { ...first.response, excerpt: hostile, readable: [{ format: 'html' as const, where: hostile, marker: 'window', text: hostile }] },
    attacker: { ...first.attacker, relationship: hostile },
    evidence: [{ kind: 'canary' as const, value: hostile, ownerKey: hostile, location: 'body' }],
  };
  writeDerivedOutputs({ ...report, findings: [evil, ...rest] }, dir, undefined, { historyFile: path.join(dir, 'history.jsonl') });
  const errors = await open(page, path.join(dir, 'evidence.en.html'));
  // The report has no script of its own: any script element came from an excerpt.
  await expect(page.locator('script')).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('[onmouseover]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('.readable pre').first()).toHaveText(hostile);
  await page.getByText('Raw excerpt of the answer (redacted)').first().click();
  await expect(page.locator('pre.raw').first()).toHaveText(hostile);
  expect(errors).toEqual([]);
});

test('three runs with different release labels make a history, a trend plot and a since-release', async ({ page }, testInfo) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-history-'));
  const history = path.join(dir, 'nightly', 'history.jsonl');
  for (const [name, release] of [['secure', '2026.04'], ['download-idor', '2026.05'], ['download-idor', '2026.06']] as const) {
    writeDerivedOutputs(fixture(name, release), dir, undefined, { historyFile: history });
  }
  const lines = readHistory(history);
  expect(lines.map((l) => [l.release, l.rootCauses.open, l.rootCauses.new, l.rootCauses.fixed, l.rootCauses.accepted])).toEqual([
    ['2026.04', 0, 0, 0, 0],
    ['2026.05', 1, 1, 0, 0],
    ['2026.06', 1, 0, 0, 0],
  ]);
  expect(lines[1]?.coverage.routesCovered).toBeGreaterThan(10);
  const errors = await open(page, path.join(dir, 'evidence.en.html'));
  const charts = page.locator('svg.trend');
  await expect(charts).toHaveCount(2);
  await expect(charts.first().locator('g[data-series="open"] circle')).toHaveCount(3);
  await expect(charts.first().locator('text.release')).toHaveText(['2026.04', '2026.05', '2026.06']);
  expect(await charts.first().locator('g[data-series="open"] polyline').getAttribute('points')).toMatch(/^[\d.]+,([\d.]+) [\d.]+,([\d.]+) [\d.]+,\2$/);
  // The DPO page dates the root cause from its first release in the history.
  await expect(page.locator('.dpo .through li').first()).toContainText('since release 2026.05');
  await testInfo.attach('trend', { body: await charts.first().screenshot(), contentType: 'image/png' });
  expect(errors).toEqual([]);

  const summary = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/history.ts', history], { encoding: 'utf8', timeout: 60_000 });
  expect(summary.status).toBe(0);
  expect(summary.stdout).toContain('cloison history: 3 run(s)');
  expect(summary.stdout).toMatch(/2026\.05 +\S+ \S+ +1 +1 +0 +0 /);
  expect(summary.stdout).toContain('open root causes up: 0 (2026.04) → 1 (2026.06).');
});

for (const name of ['secure', 'download-idor'] as const) {
  test(`the DPO page of a ${name} run: plain answer in French and English, printable to PDF with its own first page`, async ({ page }, testInfo) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cloison-dpo-'));
    const flawed = name === 'download-idor';
    // The flawed run's discovery saw one route no probe reached (as in the real run); the clean
    // one has no coverage file: the page must then not claim every route was tested.
    if (flawed) writeFileSync(path.join(dir, 'coverage.json'), JSON.stringify({ unprobed: ['POST /dossiers/{dossierId}/pieces'] }));
    writeDerivedOutputs(fixture(name, '2026.05'), dir, undefined, { historyFile: path.join(dir, 'history.jsonl') });
    const errors = await open(page, path.join(dir, 'evidence.html'));
    const dpo = page.locator('section.dpo');
    await expect(dpo.locator('h2')).toContainText('Synthèse pour le délégué à la protection des données');
    await expect(dpo.locator('.answer .fr')).toHaveText(flawed ? 'Oui : des données personnelles d’autres personnes étaient accessibles.' : 'Non : aucune session n’a obtenu les données personnelles d’une autre personne.');
    if (flawed) {
      await expect(dpo.locator('.kinds')).toContainText('certificat medical');
      await expect(dpo.locator('.kinds .health').first()).toBeVisible();
      await expect(dpo.locator('.kinds')).toContainText('numéro de sécurité sociale (NIR)');
      await expect(dpo.locator('.through li')).toHaveCount(1);
      await expect(dpo.locator('.through li')).toContainText('/contenu');
      // Below the DPO page: the PDF's decoded words around the marker, the raw bytes one click away.
      const block = page.locator('section.finding', { has: page.locator('.readable') }).first();
      await expect(block.locator('.readable pre').first()).toContainText('Certificat médical');
      await expect(block.locator('.readable mark').first()).toHaveText(/^CLSN-/);
      await expect(block.locator('pre.raw')).toBeHidden();
      await block.locator('details summary .fr').click();
      await expect(block.locator('pre.raw')).toBeVisible();
    } else {
      await expect(dpo.locator('.kinds')).toHaveCount(0);
    }
    await expect(dpo.locator('.cols')).toContainText(flawed ? 'Route vue mais non testée : POST /dossiers/{dossierId}/pieces' : 'Couverture des routes inconnue', { useInnerText: true });
    await testInfo.attach(`${name} DPO page (fr)`, { body: await dpo.screenshot(), contentType: 'image/png' });
    const fr = await printed(page, testInfo, `${name}-fr`);
    await page.locator('label[for=l-en]').click();
    await expect(dpo.locator('.answer .en')).toBeVisible();
    await expect(dpo.locator('.answer .fr')).toBeHidden();
    await testInfo.attach(`${name} DPO page (en)`, { body: await dpo.screenshot(), contentType: 'image/png' });
    const en = await printed(page, testInfo, `${name}-en`);
    expect(errors).toEqual([]);
    for (const [print, heading, next] of [[fr, 'Synthèse pour le délégué', 'Exécution'], [en, 'Summary for the data protection officer', 'Outcome']] as const) {
      expect(print.pages).toBeGreaterThanOrEqual(2);
      if (print.text.length === 0) continue; // no poppler on this machine: page count only
      // Page one is the DPO's page and only that: the technical part starts on page two.
      expect(print.text[0]).toContain(heading);
      expect(print.text[0]).not.toContain(next);
      expect(print.text[1]).toContain(next);
    }
  });
}
