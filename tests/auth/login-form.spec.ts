import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../../fixtures';
import { plan } from '../../fixtures/plan';
import type { FormLogin } from '../../src/profile/types';
import type { Role } from '../../src/population/types';
import { typeSecret } from '../../src/browser/type-secret';
import { passwordOf } from '../../src/provisioning/secrets';
import { limitBrowser } from '../../src/transport/browser-limiter';
import { limited } from '../../src/transport/limiter';
import { readCsrfToken } from '../../src/sign-in/login';
import { sendTemplate } from '../../src/transport/send-template';
import { uncached as uncachedUrl } from '../../src/probes/vectors';
import type { RunContext } from '../../src/run/context';

/**
 * The login form the profile declares works for every role, and only with the right password.
 * Each sign-in happens in a fresh browser context, so the sessions the setup stored (which every
 * other spec uses) must survive it: that is checked too.
 */
const form = plan.profile.auth.login.form;
const ROLES: Role[] = ['usager', 'representant', 'agent'];

if (form) {
  test.describe(`login form ${form.page}`, () => {
    for (const role of ROLES) {
      test(`${role === 'agent' ? 'an' : 'a'} ${role} signs in through the form and is that person`, async ({ run, browser, identities }) => {
        const person = someoneOf(run, role);
        const page = await freshPage(browser, run);
        try {
          await submit(page, form, person.email, passwordOf(run.profile, run.target.settings, person.key));
          await expect(page).toHaveURL(new RegExp(form.successUrl));
          expect(await whoami(page, run), `whoami after ${person.key} signed in through the form`).toContain(person.email.toLowerCase());
        } finally {
          await endSession(page, run);
        }
        // A new sign-in must not end the session the setup stored for this person.
        const stored = await identities.get(person.key);
        const exchange = await stored.request(
          { check: 'auth/login-form', routeTemplate: run.profile.auth.whoami.path, vector: 'stored-session', channel: 'api', expectDenied: false },
          { method: 'GET', url: uncached(run.profile.auth.whoami.path) },
        );
        expect(exchange.status, `${person.key}'s stored session after a new sign-in`).toBe(200);
        expect(exchange.text.toLowerCase()).toContain(person.email.toLowerCase());
      });
    }

    test('a wrong password is refused: no session for that person', async ({ run, browser }) => {
      const person = someoneOf(run, 'usager');
      const page = await freshPage(browser, run);
      try {
        await submit(page, form, person.email, `${passwordOf(run.profile, run.target.settings, person.key)}-wrong`);
        expect(await whoami(page, run), 'whoami after a wrong password').not.toContain(person.email.toLowerCase());
      } finally {
        await page.context().close();
      }
    });
  });
}

function someoneOf(run: RunContext, role: Role): { key: string; email: string } {
  const person = run.state.people.find((candidate) => candidate.role === role);
  if (!person) throw new Error(`the population has no ${role}: the login form cannot be proven for that role`);
  return person;
}

async function freshPage(browser: Browser, run: RunContext): Promise<Page> {
  const context = await browser.newContext({ baseURL: run.target.baseURL });
  await limitBrowser(context);
  return context.newPage();
}

async function submit(page: Page, login: FormLogin, email: string, password: string): Promise<void> {
  await page.goto(login.page);
  await page.locator(login.fields.email).fill(email);
  await typeSecret(page.locator(login.fields.password), password);
  await page.locator(login.submit).click();
  await page.waitForLoadState('load');
}

/** Logs the form's session out on the target (no session outlives its test), then closes its browser. */
async function endSession(page: Page, run: RunContext): Promise<void> {
  const template = run.profile.auth.logout.api;
  const csrfHeader = run.profile.auth.csrf?.header;
  try {
    if (template) {
      const api = page.context().request;
      const csrf = await readCsrfToken(api, run.profile, {}).catch(() => undefined);
      await sendTemplate(api, template, {}, { what: 'logout after the login form test', headers: csrfHeader && csrf ? { [csrfHeader]: csrf } : {} });
    }
  } finally {
    await page.context().close();
  }
}

/**
 * A whoami URL no cache has seen: this spec proves the form signs a person in, so the answer must
 * be the portal's to this session, not a shared cache's (the concurrency checks report those).
 */
function uncached(path: string): string {
  return uncachedUrl(path);
}

/** What the profile's whoami answers to this browser session (its cookies), lower-cased. */
async function whoami(page: Page, run: RunContext): Promise<string> {
  const response = await limited(() => page.context().request.get(uncached(run.profile.auth.whoami.path), { failOnStatusCode: false, maxRedirects: 0 }));
  return (await response.text()).toLowerCase();
}
