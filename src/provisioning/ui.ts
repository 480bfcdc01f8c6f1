import { typeSecret } from '../browser/type-secret';
import { limitBrowser } from '../transport/browser-limiter';
import { request, type Browser, type Page } from '@playwright/test';
import type { CloisonAdapter } from '../adapter/types';
import { TargetError } from '../errors';
import type { Profile, UiForm } from '../profile/types';
import type { Person, SeededDocument } from '../population/types';
import type { SeededLedger } from '../run/seeded';
import type { DocumentRecord } from '../run/state';
import { logOutSession } from '../sign-in/end-sessions';
import { loginThroughApi } from '../sign-in/login';
import { mapLimit } from '../util/concurrency';
import { fill, type Bindings } from '../util/template';
import { pieceIdsIfMissing, recordOf } from './as-owner';
import { readIds, type SignedIn } from './lookup';
import type { RunPopulation } from './population';
import { documentValues, personValues, prefixed } from '../population/template-values';
import { NO_LEDGER, type Provisioned } from './provision';

const STEP_TIMEOUT_MS = 15_000;

/**
 * `ui` mode: each usager signs up through the registration form and uploads their documents
 * through the upload form, in Chromium, as a real user would. Ids are read back through the
 * lookup (API, as the person). Representatives and agents cannot sign up: they come from the
 * accounts file (with the usagers they represent, who exist already and only upload).
 */
export async function provisionThroughUi(
  baseURL: string,
  profile: Profile,
  population: RunPopulation,
  adapter: CloisonAdapter,
  browser: Browser,
  ledger: SeededLedger = NO_LEDGER,
): Promise<Provisioned> {
  const provisioning = profile.provisioning;
  if (provisioning.mode !== 'ui') throw new TargetError(`profile ${profile.name}: provisioning mode "${provisioning.mode}" is not ui`);
  const bindingsOf = new Map<string, Bindings>();
  const documents: DocumentRecord[] = [];

  await mapLimit(population.people, 2, async (person: Person) => {
    const context = await browser.newContext({ baseURL });
    await limitBrowser(context);
    const api = await request.newContext({ baseURL });
    let headers: Record<string, string> | undefined;
    try {
      const page = await context.newPage();
      const signsUp = person.role === 'usager' && !population.preProvisioned.has(person.key);
      if (signsUp) await submitForm(page, provisioning.register, personValues(person), `signing ${person.key} up`);
      headers = await loginThroughApi(api, profile, person, { adapter, baseURL }, { pending: true });
      // Someone who existed already was never signed in in this browser: it takes the API session's cookies.
      if (!signsUp) await context.addCookies((await api.storageState()).cookies);
      const session: SignedIn = { api, baseURL, headers };
      const bindings = await readIds(session, profile, person, adapter);
      bindingsOf.set(person.key, bindings);
      // Who signed up for the run is the run's to remove; who came from the accounts file stays.
      if (signsUp) ledger.created({ kind: 'person', role: person.role, key: person.key, bindings });
      for (const document of population.documents.filter((candidate) => candidate.ownerKey === person.key)) {
        const record = await uploadThroughForm(page, session, profile, provisioning.upload, document, bindings);
        ledger.created({ kind: 'document', key: record.key, ownerKey: record.ownerKey, bindings: record.bindings });
        documents.push(record);
      }
    } finally {
      // Both provisioning sessions (the browser's sign-up, the API's) end here, not with the run.
      if (headers) await logOutSession(api, profile, headers, `provisioning logout of ${person.key}`).catch(() => undefined);
      await logOutSession(context.request, profile, {}, `provisioning logout of ${person.key} in the browser`).catch(() => undefined);
      await context.close();
      await api.dispose();
    }
  });

  const order = new Map(population.documents.map((document, index) => [document.key, index]));
  documents.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  const people = population.people.map(({ password: _password, ...person }) => ({ ...person, bindings: bindingsOf.get(person.key) ?? {} }));
  return { people, documents };
}

async function uploadThroughForm(
  page: Page,
  session: SignedIn,
  profile: Profile,
  form: UiForm & { file: string },
  document: SeededDocument,
  owner: Bindings,
): Promise<DocumentRecord> {
  const what = `uploading ${document.key} through the form`;
  const values = { ...owner, ...documentValues(document), ...prefixed('owner', owner) };
  await submitForm(page, form, values, what, async () => {
    await page.locator(form.file).setInputFiles({ name: document.fileName, mimeType: document.mime, buffer: Buffer.from(document.bytes) }, { timeout: STEP_TIMEOUT_MS });
  });
  const ids = await pieceIdsIfMissing(session, profile, document, owner, {});
  return { ...recordOf(document), bindings: { ...owner, ...ids } };
}

/** Opens a form page, fills each field (selects by value), submits, and waits for the success URL. */
async function submitForm(page: Page, form: UiForm, values: Bindings, what: string, beforeSubmit?: () => Promise<void>): Promise<void> {
  const url = fill(form.page, values, encodeURIComponent);
  try {
    await page.goto(url, { timeout: STEP_TIMEOUT_MS });
    for (const [selector, template] of Object.entries(form.fields)) {
      const field = page.locator(selector);
      const value = fill(template, values);
      const tag = await field.evaluate((element) => element.tagName, undefined, { timeout: STEP_TIMEOUT_MS });
      if (tag === 'SELECT') await field.selectOption(value, { timeout: STEP_TIMEOUT_MS });
      // A password never goes through fill(): its step title would carry it into the reports.
      else if (template.includes('{password}')) await typeSecret(field, value);
      else await field.fill(value, { timeout: STEP_TIMEOUT_MS });
    }
    await beforeSubmit?.();
    await page.locator(form.submit).click({ timeout: STEP_TIMEOUT_MS });
    await page.waitForURL(new RegExp(form.successUrl), { timeout: STEP_TIMEOUT_MS });
  } catch (error) {
    const text = String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
    throw new TargetError(`${what}: the form at ${url} did not lead to ${form.successUrl} (now at ${page.url()}): ${text}`);
  }
}
