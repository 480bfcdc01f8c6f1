import { readFile } from 'node:fs/promises';
import { makeArtifact, runTag, sha256 } from './support/artifacts';
import { expect, test } from './support/fixtures';

/**
 * One person's whole journey in real Chromium against the secure portal: sign up, upload a PDF
 * through the form, see it in the list the browser builds from the JSON API, open it, download
 * it byte for byte, log out, and find the dossier closed.
 */
test('a person signs up, uploads a PDF, finds and downloads it, logs out and is locked out', async ({ portals, browser }) => {
  const { portal } = await portals.seeded();
  const tag = runTag();
  const marker = `CLSN-${tag}-UI-0001`;
  const pdf = await makeArtifact('pdf', marker);
  const context = await browser.newContext({ baseURL: portal.baseUrl, acceptDownloads: true });
  try {
    const page = await context.newPage();

    await test.step('sign up at /inscription', async () => {
      await page.goto('/inscription');
      await page.locator('input[name="prenom"]').fill('Inès');
      await page.locator('input[name="nom"]').fill('Navigateur');
      await page.locator('input[name="date_naissance"]').fill('1990-04-21');
      await page.locator('input[name="email"]').fill(`ines.${tag.toLowerCase()}@example.test`);
      await page.locator('input[name="password"]').fill('Cloison-navigateur-2026!');
      await page.locator('[name="mdph"]').selectOption('075');
      await page.locator('form[action="/inscription"] [type="submit"]').click();
      await expect(page).toHaveURL(/\/espace$/);
      await expect(page.getByTestId('who')).toContainText('Inès Navigateur');
    });

    const dossierPath = await test.step('open my dossier from mon espace', async () => {
      const link = page.locator('main a[href^="/dossiers/"]').first();
      const href = (await link.getAttribute('href')) ?? '';
      expect(href).toMatch(/^\/dossiers\/\d+$/);
      await link.click();
      await expect(page).toHaveURL(new RegExp(`${href}$`));
      return href;
    });

    await test.step('upload a PDF through the upload form', async () => {
      await page.goto(`${dossierPath}/pieces/nouvelle`);
      await page.locator('[name="type"]').selectOption('certificat_medical');
      await page.locator('input[name="titre"]').fill(pdf.titre);
      await page.locator('input[name="fichier"]').setInputFiles({ name: pdf.fileName, mimeType: pdf.mime, buffer: Buffer.from(pdf.bytes) });
      await page.locator('form[enctype="multipart/form-data"] [type="submit"]').click();
      await expect(page).toHaveURL(new RegExp(`${dossierPath}$`));
    });

    const piecePath = await test.step('see it in the list built by /static/app.js and open it', async () => {
      const item = page.locator('main a[href^="/pieces/"]', { hasText: marker });
      await expect(item).toBeVisible();
      const href = (await item.getAttribute('href')) ?? '';
      await item.click();
      await expect(page).toHaveURL(new RegExp(`${href}$`));
      await expect(page.locator('main')).toContainText(pdf.titre);
      await expect(page.locator('main')).toContainText(pdf.sha256);
      return href;
    });

    await test.step('download it, byte for byte', async () => {
      const downloading = page.waitForEvent('download');
      await page.locator('main a[href$="/contenu"]').click();
      const download = await downloading;
      expect(download.suggestedFilename()).toContain(marker);
      const bytes = await readFile(await download.path());
      expect(sha256(bytes)).toBe(pdf.sha256);
    });

    await test.step('log out; the dossier and the pièce are no longer reachable', async () => {
      await page.getByTestId('logout').click();
      await expect(page).toHaveURL(/\/connexion$/);
      // The shared-computer case: Back must not bring the pièce page back from a cache.
      await page.goBack();
      await expect(page.locator('body')).not.toContainText(marker);
      for (const path of [dossierPath, piecePath]) {
        await page.goto(path);
        await expect(page).toHaveURL(/\/connexion/);
        await expect(page.locator('body')).not.toContainText(marker);
      }
      const api = await context.request.get(`/api/v2/recherche?q=${marker}`);
      expect(await api.text()).not.toContain(marker);
    });
  } finally {
    await context.close();
  }
});
