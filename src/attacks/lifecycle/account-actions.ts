import { request, test, type Browser } from '@playwright/test';
import type { AttackCoverage } from '../coverage';
import { TargetError } from '../../errors';
import { makePassword } from '../../population/credentials';
import { personValues } from '../../population/template-values';
import { NEW_PASSWORD } from '../../profile/validate';
import type { Profile, RefreshConfig, RequestTemplate } from '../../profile/types';
import type { RunContext } from '../../run/context';
import type { FreshSession, SessionCredential } from '../../session/fresh-session';
import type { Ledger } from '../../session/ledger';
import { sendTemplate } from '../../transport/send-template';
import { LIFECYCLE_CHECKS } from '../../checks/check-ids';
import { renew } from './renew';
import { provisionSpare, type SpareAccount } from './spare-account';
import type { PersonalTarget } from '../../checks/sessions/personal';
import { expectReaches, replayDead, spareTargets, type DeadReplay } from './targets';

/** What every lifecycle check is given by its spec. */
export interface LifecycleCheck {
  run: RunContext;
  ledger: Ledger;
  browser: Browser;
  /** Where the provisioning token is (the workers' environment). */
  env: NodeJS.ProcessEnv;
  coverage: AttackCoverage;
  /** Remembers each spare's sessions, ended when the test ends (the spareAccounts fixture). */
  track(spare: SpareAccount): SpareAccount;
}

/** The actions after which every session and refresh token held before must be refused. */
export type EndingAction = 'passwordChange' | 'disable' | 'revokeRole';
export const ENDING_ACTIONS: readonly EndingAction[] = ['passwordChange', 'disable', 'revokeRole'];

const WORDS: Record<EndingAction, { label: string; done: string }> = {
  passwordChange: { label: 'password', done: 'its password change' },
  disable: { label: 'disabled', done: 'the account was disabled' },
  revokeRole: { label: 'revoked', done: 'its role was revoked' },
};

/** Why a lifecycle check does not apply to this profile, or undefined when it does. */
export function lifecycleNotApplicable(profile: Pick<Profile, 'lifecycle'>, action: EndingAction | 'refresh'): string | undefined {
  const declared = profile.lifecycle?.[action];
  if (!declared) return `lifecycle.${action} is not declared: the profile does not say how the portal does it`;
  if (action === 'refresh' && profile.lifecycle?.refresh && !Object.hasOwn(profile.lifecycle.refresh.request.capture ?? {}, profile.lifecycle.refresh.token)) {
    return `lifecycle.refresh.request.capture does not capture {${profile.lifecycle.refresh.token}}: the portal does not rotate refresh tokens, so reuse is how they work`;
  }
  return undefined;
}

async function spareFor(check: LifecycleCheck, checkId: string, label: string): Promise<{ spare: SpareAccount; session: FreshSession }> {
  const spare = check.track(await test.step(`a throw-away usager is provisioned for this check alone`, () => provisionSpare(check, label)));
  const session = await spare.sessions.open(spare.key, { check: checkId });
  return { spare, session };
}

/** Each session held before the action, and what the finding calls it. */
interface HeldSession {
  session: FreshSession;
  where: string;
}

/**
 * Sends an admin action (disable, revoke) with the provisioning token, the spare's bindings as
 * placeholders. Its answer is not judged by the content oracle: it goes to cloison's administrator
 * call, which may see everyone, not to a user's session; there is no receiver whose view it could exceed.
 */
async function sendAsProvisioning(check: LifecycleCheck, spare: SpareAccount, template: RequestTemplate, field: string): Promise<void> {
  const provisioning = check.run.profile.provisioning;
  if (provisioning.mode !== 'api') throw new TargetError(`${field} is sent with the provisioning token: provisioning.mode must be "api"`, { field });
  const token = check.env[provisioning.tokenEnv];
  if (!token) throw new TargetError(`${field} needs the provisioning token in ${provisioning.tokenEnv}, which is not set`, { field });
  const api = await request.newContext({ baseURL: spare.run.target.baseURL });
  try {
    await sendTemplate(api, template, spare.run.person(spare.key).bindings, { what: `${field} for ${spare.key}`, headers: { [provisioning.tokenHeader]: token }, field });
  } finally {
    await api.dispose();
  }
}

/**
 * After a password change, a disabled account or a revoked role, the session held before (its
 * cookie or bearer token) and the refresh token the login gave (when the profile declares
 * refreshes) are refused: proven on the spare's own document with the content oracle, after a
 * positive control of the same session on the same routes.
 */
export async function verifyActionEndsSessions(check: LifecycleCheck, action: EndingAction): Promise<void> {
  const declared = check.run.profile.lifecycle?.[action];
  if (!declared) throw new Error(`lifecycle.${action} is not declared: the spec checks lifecycleNotApplicable first`);
  const ending: Ending = { checkId: LIFECYCLE_CHECKS[action], action, words: WORDS[action], actionName: `${action}: ${declared.request.method} ${declared.request.path}` };
  const { spare, session } = await spareFor(check, ending.checkId, ending.words.label);
  const targets = spareTargets(spare);
  const held = await heldSessions(spare, session, ending);
  for (const { session: each, where } of held) {
    await test.step(`${where} of ${spare.key} reaches its own document (positive control)`, () => expectReaches(ending.checkId, spare, each.identity, targets, `${where} of ${spare.key}`));
  }
  const credentials = await Promise.all(held.map(async ({ session: each, where }) => ({ credential: await each.credential(), where })));
  const refresh = check.run.profile.lifecycle?.refresh;
  const refreshToken = refresh ? loginRefreshToken(spare, session, refresh) : undefined;

  await test.step(`${ending.words.done} (${declared.request.method} ${declared.request.path})`, () => performAction(check, action, declared.request, spare, session));

  for (const { credential, where } of credentials) await expectCredentialDead(check, ending, spare, targets, credential, where);
  if (!refresh || refreshToken === undefined) {
    check.coverage.nothingToTry(`${ending.actionName} (refresh token)`, 'lifecycle.refresh is not declared: no refresh token to replay');
    return;
  }
  await test.step(`the refresh token the login gave renews nothing`, () =>
    replayRefresh(check, spare, targets, refresh, refreshToken, {
      check: ending.checkId,
      action: ending.actionName,
      vector: `old-refresh-token-after-${ending.words.label}`,
      holder: `refresh-token-holder-after-${ending.words.label}`,
      held: `a session renewed with the refresh token ${spare.key} held before ${ending.words.done}`,
    }),
  );
}

/** One ending action as the findings and coverage name it. */
interface Ending {
  checkId: string;
  action: EndingAction;
  words: { label: string; done: string };
  /** The action and its request, as coverage names the route. */
  actionName: string;
}

/**
 * The sessions of the spare held before the action: the one that acts and another. The session that
 * acts is not the only one: a portal that rotates the acting session and forgets the others
 * (another device, a stolen cookie) is the common failure.
 */
async function heldSessions(spare: SpareAccount, session: FreshSession, { action, checkId }: Ending): Promise<HeldSession[]> {
  return [
    { session, where: action === 'passwordChange' ? 'the session that changed the password' : 'a session' },
    { session: await spare.sessions.open(spare.key, { check: checkId }), where: 'another session' },
  ];
}

/** The refresh token the spare's login gave: a profile that declares refreshes must capture one. */
function loginRefreshToken(spare: SpareAccount, session: FreshSession, refresh: RefreshConfig): string | number {
  const token = session.loginValue(refresh.token);
  if (token === undefined) throw new TargetError(`the login of ${spare.key} gave no {${refresh.token}} (auth.login.api.capture)`, { field: 'lifecycle.refresh.token' });
  return token;
}

/** The action itself: a password change as the user, a disable or a role revocation with the provisioning token. */
async function performAction(check: LifecycleCheck, action: EndingAction, template: RequestTemplate, spare: SpareAccount, session: FreshSession): Promise<void> {
  if (action === 'passwordChange') {
    const newPassword = makePassword(`${spare.key}next`);
    check.ledger.redaction.addSecrets([newPassword]);
    await session.send({ ...template }, { ...spare.run.person(spare.key).bindings, ...personValues(session.person), [NEW_PASSWORD]: newPassword }, `password change of ${spare.key}`, 'password-change');
  } else {
    await sendAsProvisioning(check, spare, template, `lifecycle.${action}.request`);
  }
}

/** The cookie or bearer token of a session held before the action opens nothing of the spare's after it. */
async function expectCredentialDead(check: LifecycleCheck, ending: Ending, spare: SpareAccount, targets: PersonalTarget[], credential: SessionCredential, where: string): Promise<void> {
  // A portal may keep (or renew) the session that changed the password: the user is still at the
  // keyboard. What must end are the others (ASVS V3.3.3): another device, a stolen cookie.
  if (ending.action === 'passwordChange' && where !== 'another session') {
    check.coverage.nothingToTry(`${ending.actionName} (${where})`, 'a portal may keep the session that changed the password; the other session is what must end');
    return;
  }
  const label = ending.words.label;
  await test.step(`the ${credential.type} of ${where}, held before, opens nothing`, () =>
    replayDead(
      spare,
      spare.sessions.holder(credential, spare.key),
      targets,
      deadReplay(check, {
        check: ending.checkId,
        action: ending.actionName,
        vector: `${where === 'another session' ? 'other' : 'first'}-${credential.type}-after-${label}`,
        holder: `${credential.type}-holder-after-${label}`,
        held: `the ${credential.type} of ${where} of ${spare.key}, held before ${ending.words.done},`,
      }),
    ),
  );
}

/** What a replay names; the check's ledger and coverage complete it. */
type ReplayNames = Omit<DeadReplay, 'ledger' | 'coverage'>;

function deadReplay(check: LifecycleCheck, names: ReplayNames): DeadReplay {
  return { ...names, ledger: check.ledger, coverage: check.coverage };
}

/**
 * Sends a refresh with a token that should renew nothing (spent, or held before the account
 * changed); a session it still gives is replayed on the spare's own routes.
 */
async function replayRefresh(check: LifecycleCheck, spare: SpareAccount, targets: PersonalTarget[], refresh: RefreshConfig, token: string | number, names: ReplayNames): Promise<void> {
  const renewal = await renew(spare, refresh, token, addSecretsTo(check), { check: names.check, vector: names.vector, capture: false });
  check.coverage.tried(names.action, spare.key, `${names.vector} (${renewal.status})`);
  if (!renewal.accepted || !renewal.credential) return;
  await replayDead(spare, spare.sessions.holder(renewal.credential, spare.key), targets, deadReplay(check, names));
}

function addSecretsTo(check: LifecycleCheck): (secrets: string[]) => void {
  return (secrets) => void check.ledger.redaction.addSecrets(secrets);
}

/**
 * A portal that rotates refresh tokens (each refresh answers a new one) refuses a spent one: a
 * refresh token stolen and used once by its owner, or once by the thief, is worth nothing the
 * second time. Positive control: the first refresh renews a session that reads the spare's document.
 */
export async function verifyRefreshSingleUse(check: LifecycleCheck): Promise<void> {
  const refresh = check.run.profile.lifecycle?.refresh;
  if (!refresh) throw new Error('lifecycle.refresh is not declared: the spec checks lifecycleNotApplicable first');
  const checkId = LIFECYCLE_CHECKS.refreshReuse;
  const { spare, session } = await spareFor(check, checkId, 'refresh');
  const targets = spareTargets(spare);
  const first = loginRefreshToken(spare, session, refresh);
  const actionName = `refresh: ${refresh.request.method} ${refresh.request.path}`;

  await test.step(`the refresh token renews ${spare.key}'s session once (positive control)`, async () => {
    const renewal = await renew(spare, refresh, first, addSecretsTo(check), { check: checkId, vector: 'first-refresh', capture: true });
    if (!renewal.credential) throw new TargetError(`the refresh of ${spare.key}'s session (${renewal.status}) gave no session: neither a "${check.run.profile.auth.session.type === 'cookie' ? 'cookie' : 'token'}" the profile's auth.session names`, { field: 'lifecycle.refresh.request' });
    await expectReaches(checkId, spare, spare.sessions.holder(renewal.credential, spare.key), targets, `the session the refresh renewed for ${spare.key}`);
  });
  await test.step(`the spent refresh token renews nothing`, () =>
    replayRefresh(check, spare, targets, refresh, first, {
      check: checkId,
      action: actionName,
      vector: 'spent-refresh-token',
      holder: 'spent-refresh-token-holder',
      held: `a session renewed with ${spare.key}'s refresh token after it was spent (rotated)`,
    }),
  );
}
